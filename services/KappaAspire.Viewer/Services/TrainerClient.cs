using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer.Services;

/// <summary>The trainer's REST API, as far as the viewer uses it; the base address comes from <see cref="ViewerOptions.TrainerUrl"/>.</summary>
internal sealed class TrainerClient(HttpClient http)
{
    public async Task<TrainerModelList> GetModelsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync("models", ViewerJsonContext.Default.TrainerModelList, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("GET /models returned null.");
}
