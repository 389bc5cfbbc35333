namespace KappaAspire.AppHost.Kafka;

/// <summary>External mode: an existing cluster, named by the connection string <c>ConnectionStrings:{name}</c>.</summary>
internal static class ExternalKafka
{
    public static void Configure(IResourceBuilder<KafkaServerResource> kafka)
    {
        var builder = kafka.ApplicationBuilder;
        var key = KafkaConfiguration.ConnectionStringKey(kafka.Resource.Name);

        // When publishing, the value is a deployment input and may legitimately be absent here.
        if (builder.ExecutionContext.IsRunMode && string.IsNullOrWhiteSpace(builder.Configuration[key]))
        {
            throw new DistributedApplicationException(
                $"'{KafkaConfiguration.ModeKey}' is 'external' but the connection string '{key}' is not set. " +
                $"Set it to the cluster's bootstrap servers (host:port[,host:port]), for example in user secrets or " +
                $"the environment variable 'ConnectionStrings__{kafka.Resource.Name}'.");
        }

        // A secret parameter, like Aspire's AddConnectionString: the value never lands in published manifests.
        var parameter = builder.AddParameterFromConfiguration($"{kafka.Resource.Name}-connection-string", key, secret: true);
        kafka.Resource.ConnectionStringParameter = parameter.Resource;
    }
}
