using KappaAspire.Inference.Extensions;

// iot_raw_data → features → current model → iot_predictions (bad records → iot_raw_data.dlq);
// models arrive over gRPC from the trainer and are swapped in without a restart.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInferenceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInferenceEndpoints();
app.Run();
