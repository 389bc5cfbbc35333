using KappaAspire.Inference.Extensions;
using KappaAspire.Inference.Reprocessing;

// iot_raw_data → features → current model → iot_predictions (bad records → iot_raw_data.dlq);
// models arrive over gRPC from the trainer and are swapped in without a restart.
// With Inference:Role=Reprocessor the same scoring runs once per active Kappa reprocessing run instead (see Reprocessing/).
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
var reprocessor = ReprocessorOptions.IsReprocessor(builder.Configuration);
if (reprocessor)
{
    builder.AddReprocessorServices();
}
else
{
    builder.AddInferenceServices();
}

var app = builder.Build();
app.MapDefaultEndpoints();
if (reprocessor)
{
    app.MapReprocessorEndpoints();
}
else
{
    app.MapInferenceEndpoints();
}

app.Run();
