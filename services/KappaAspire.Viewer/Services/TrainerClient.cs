using KappaAspire.Pipeline.Catalog;

namespace KappaAspire.Viewer.Services;

/// <summary>The trainer's REST API, as far as the viewer uses it; the base address comes from <see cref="ViewerOptions.TrainerUrl"/>.</summary>
internal sealed class TrainerClient(HttpClient http)
{
    public async Task<ModelList> GetModelsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync("models", ViewerJsonContext.Default.ModelList, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("GET /models returned null.");
}
