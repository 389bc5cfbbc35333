using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace KappaAspire.Testing;

/// <summary>A service's control surface as its host maps it, so a test covers endpoints added after it was written.</summary>
public static class ControlEndpoints
{
    /// <summary>Every POST route the host serves, route parameters filled with <paramref name="parameterValue"/>.</summary>
    public static IReadOnlyList<string> PostPaths(IServiceProvider services, string parameterValue = "v0001") =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            .Select(e => "/" + string.Join('/', e.RoutePattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part is RoutePatternLiteralPart literal ? literal.Content : parameterValue)))))
            .Distinct()
            .Order()
            .ToList();

    /// <summary>POSTs an empty JSON object to each path with <paramref name="authorization"/> (none if null); the answers by path.</summary>
    public static async Task<IReadOnlyDictionary<string, (HttpStatusCode Status, string? Challenge)>> PostEachAsync(
        Uri baseAddress, IEnumerable<string> paths, AuthenticationHeaderValue? authorization)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = authorization;
        var answers = new Dictionary<string, (HttpStatusCode, string?)>();
        foreach (var path in paths)
        {
            using var response = await http.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            answers[path] = (response.StatusCode, response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString());
        }

        return answers;
    }
}
