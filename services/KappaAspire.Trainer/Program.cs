// The trainer: replays iot_raw_data from offset 0, trains and evaluates a detector, keeps every version in a registry,
// and publishes the promoted one to inference over gRPC (ModelDistribution). See Extensions/ for the wiring.
using KappaAspire.Trainer.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTrainerEndpoints();
app.MapReprocessingEndpoints();
app.Run();
