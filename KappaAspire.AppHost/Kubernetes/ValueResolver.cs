using System.Globalization;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>A setting's value in the cluster: written out, or read from a Secret or ConfigMap key.</summary>
internal abstract record ClusterValue
{
    public sealed record Literal(string Value) : ClusterValue;

    public sealed record SecretKey(string SecretName, string Key) : ClusterValue;

    public sealed record ConfigMapKey(string ConfigMapName, string Key) : ClusterValue;
}

/// <summary>
/// Translates the values Aspire puts into environment variables and arguments (in publish mode: references, not
/// addresses) into what they mean in the cluster: endpoints become Service DNS names and ports, Kafka's connection string
/// its Service (or the external cluster's ConfigMap), secret parameters keys of a Secret that holds a placeholder.
/// </summary>
internal sealed class ValueResolver(DeploymentTopology topology)
{
    /// <summary>What a Secret holds until the operator sets it; never a real value.</summary>
    public const string SecretPlaceholder = "CHANGE-ME";

    public const string SecretKeyName = "value";

    public const string ExternalKafkaKey = "bootstrap-servers";

    private readonly SortedDictionary<string, ParameterResource> _secrets = new(StringComparer.Ordinal);

    /// <summary>The secret parameters met so far, by Secret name.</summary>
    public IReadOnlyDictionary<string, ParameterResource> Secrets => _secrets;

    public static string ExternalKafkaConfigMap(KafkaServerResource kafka) => $"{kafka.Name}-connection";

    /// <summary>The value, or <see langword="null"/> where Aspire would leave the variable empty.</summary>
    public async Task<ClusterValue?> ResolveAsync(object? value, CancellationToken cancellationToken) => value switch
    {
        null => null,
        string text => new ClusterValue.Literal(text),
        ParameterResource parameter => await ResolveParameterAsync(parameter, cancellationToken).ConfigureAwait(false),
        ConnectionStringReference reference => await ResolveConnectionStringAsync(reference.Resource, reference.ConnectionStringExpression, reference.Optional, cancellationToken).ConfigureAwait(false),
        IResourceWithConnectionString resource => await ResolveConnectionStringAsync(resource, resource.ConnectionStringExpression, optional: false, cancellationToken).ConfigureAwait(false),
        EndpointReference endpoint => new ClusterValue.Literal(topology.Resolve(endpoint).Url),
        EndpointReferenceExpression expression => new ClusterValue.Literal(Property(topology.Resolve(expression.Endpoint), expression.Property)),
        ReferenceExpression expression => await ResolveExpressionAsync(expression, cancellationToken).ConfigureAwait(false),
        HostUrl url => new ClusterValue.Literal(url.Url),
        IValueProvider provider => throw new DistributedApplicationException(
            $"The Kubernetes publisher does not know how to translate a {provider.GetType().Name} into the cluster."),
        IFormattable formattable => new ClusterValue.Literal(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => new ClusterValue.Literal(value.ToString() ?? ""),
    };

    private async Task<ClusterValue> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken)
    {
        if (topology.Kafka.FirstOrDefault(k => ReferenceEquals(k.ConnectionStringParameter, parameter)) is { } kafka)
        {
            return new ClusterValue.ConfigMapKey(ExternalKafkaConfigMap(kafka), ExternalKafkaKey);
        }

        // A generated default would differ on every run; like a secret, it is the operator's to set.
        if (parameter.Secret || parameter.Default is GenerateParameterDefault)
        {
            var name = KubernetesNames.Validate(parameter.Name, "Secret parameter");
            _secrets[name] = parameter;
            return new ClusterValue.SecretKey(name, SecretKeyName);
        }

        try
        {
            return new ClusterValue.Literal(await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "");
        }
        catch (MissingParameterValueException ex)
        {
            throw new DistributedApplicationException(
                $"Parameter '{parameter.Name}' has no value to write into the manifests: set 'Parameters:{parameter.Name}' when generating.", ex);
        }
    }

    private async Task<ClusterValue?> ResolveConnectionStringAsync(
        IResourceWithConnectionString resource, ReferenceExpression expression, bool optional, CancellationToken cancellationToken)
    {
        if (resource is KafkaServerResource kafka)
        {
            return kafka.Mode == KafkaMode.External
                ? new ClusterValue.ConfigMapKey(ExternalKafkaConfigMap(kafka), ExternalKafkaKey)
                : new ClusterValue.Literal($"{kafka.Name}:{DeploymentTopology.KafkaPort}");
        }

        var value = await ResolveExpressionAsync(expression, cancellationToken).ConfigureAwait(false);
        if (value is null or ClusterValue.Literal { Value.Length: 0 } && !optional)
        {
            throw new DistributedApplicationException($"'{resource.Name}' has no connection string to write into the manifests.");
        }

        return value;
    }

    private async Task<ClusterValue?> ResolveExpressionAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        if (expression.IsConditional)
        {
            var condition = await ResolveAsync(expression.Condition, cancellationToken).ConfigureAwait(false);
            if (condition is not ClusterValue.Literal literal)
            {
                throw new DistributedApplicationException("A conditional value depends on a secret; the Kubernetes publisher cannot decide it.");
            }

            var branch = string.Equals(literal.Value, expression.MatchValue, StringComparison.OrdinalIgnoreCase) ? expression.WhenTrue! : expression.WhenFalse!;
            return await ResolveExpressionAsync(branch, cancellationToken).ConfigureAwait(false);
        }

        if (expression.Format.Length == 0)
        {
            return null;
        }

        var values = new List<ClusterValue?>();
        foreach (var provider in expression.ValueProviders)
        {
            values.Add(await ResolveAsync(provider, cancellationToken).ConfigureAwait(false));
        }

        // "{0}" alone passes a Secret or ConfigMap reference through; inside text it cannot be expressed.
        if (expression.Format == "{0}" && values is [{ } single] && expression.StringFormats is [null])
        {
            return single;
        }

        var arguments = new object?[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            arguments[i] = values[i] switch
            {
                null => null,
                ClusterValue.Literal literal => expression.StringFormats[i] switch
                {
                    null => literal.Value,
                    "uri" => Uri.EscapeDataString(literal.Value),
                    var format => throw new DistributedApplicationException($"Unknown value format '{format}' in '{expression.ValueExpression}'."),
                },
                _ => throw new DistributedApplicationException(
                    $"'{expression.ValueExpression}' embeds a secret in other text; the manifests can only pass a secret as a whole value."),
            };
        }

        return new ClusterValue.Literal(string.Format(CultureInfo.InvariantCulture, expression.Format, arguments));
    }

    private static string Property(ClusterEndpoint endpoint, EndpointProperty property) => property switch
    {
        EndpointProperty.Url => endpoint.Url,
        EndpointProperty.Host or EndpointProperty.IPV4Host => endpoint.Host,
        EndpointProperty.Port => endpoint.Port.ToString(CultureInfo.InvariantCulture),
        EndpointProperty.TargetPort => endpoint.TargetPort.ToString(CultureInfo.InvariantCulture),
        EndpointProperty.Scheme => endpoint.Scheme,
        EndpointProperty.HostAndPort => $"{endpoint.Host}:{endpoint.Port}",
        EndpointProperty.TlsEnabled => "false",
        _ => throw new DistributedApplicationException($"Unknown endpoint property {property}."),
    };
}
