var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddViewerServices();    // iot_predictions consumer → in-memory live view; trainer model catalog

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapViewerEndpoints();       // the page, GET /api/snapshot, GET /events (server-sent events)
app.Run();
