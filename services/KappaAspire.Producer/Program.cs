using KappaAspire.Producer.Apis;
using KappaAspire.Producer.Extensions;

// Sensors (simulated or replayed from CSV) → iot_raw_data, with an HTTP control surface (/status, /rate, /pause, …).
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddProducerServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProducerEndpoints();

app.Run();
