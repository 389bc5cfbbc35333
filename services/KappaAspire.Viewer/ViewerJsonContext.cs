using System.Text.Json.Serialization;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Viewer.LogView;
using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer;

/// <summary>Source-generated JSON of the viewer's API and events, and of the trainer's model list it reads (camelCase).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ViewSnapshot))]
[JsonSerializable(typeof(ViewDelta))]
[JsonSerializable(typeof(ConnectionStatus))]
[JsonSerializable(typeof(ModelCatalogView))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(TopicsView))]
[JsonSerializable(typeof(GroupsView))]
[JsonSerializable(typeof(RecordsView))]
[JsonSerializable(typeof(RedriveRequest))]
[JsonSerializable(typeof(RedriveResult))]
[JsonSerializable(typeof(RedriveAvailability))]
internal sealed partial class ViewerJsonContext : JsonSerializerContext;
