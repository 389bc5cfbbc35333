using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KappaAspire.AppHost.Commands;

/// <summary>
/// A dashboard command that POSTs to a control endpoint with the operator token. Path segments like <c>{version}</c>
/// are filled from the command's arguments of that name; the optional body builder makes the JSON body from them.
/// </summary>
internal static class OperatorCommand
{
    /// <param name="options">The command's presentation; its request preparation and result mode are set here.</param>
    /// <param name="body">Builds the JSON body from the command's arguments; none when null.</param>
    public static IResourceBuilder<ProjectResource> WithOperatorCommand(
        this IResourceBuilder<ProjectResource> resource,
        IResourceBuilder<ParameterResource> operatorToken,
        string name,
        string displayName,
        string path,
        HttpCommandOptions options,
        Func<InteractionInputCollection, object>? body = null)
    {
        options.ResultMode = HttpCommandResultMode.Auto;
        options.PrepareRequest = async context =>
        {
            var token = await operatorToken.Resource.GetValueAsync(context.CancellationToken);
            context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            context.Request.RequestUri = new Uri(context.Request.RequestUri!, Fill(path, context.Arguments));
            if (body is not null)
            {
                context.Request.Content = new StringContent(JsonSerializer.Serialize(body(context.Arguments)), Encoding.UTF8, "application/json");
            }
        };
        return resource.WithHttpCommand(path, displayName, endpointName: "http", commandName: name, options);
    }

    /// <summary>The argument's value, trimmed; the dashboard enforces <c>Required</c>, a direct call may not.</summary>
    public static string Argument(this InteractionInputCollection? arguments, string name) =>
        arguments?.GetString(name)?.Trim() is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"The command needs the argument '{name}'.", name);

    private static string Fill(string path, InteractionInputCollection? arguments)
    {
        var filled = new StringBuilder();
        foreach (var segment in path.Split('/'))
        {
            if (filled.Length > 0 || segment.Length > 0) filled.Append('/');
            filled.Append(segment is ['{', .., '}'] ? Uri.EscapeDataString(arguments.Argument(segment[1..^1])) : segment);
        }

        return filled.ToString();
    }
}
