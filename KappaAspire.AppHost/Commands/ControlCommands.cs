using System.Globalization;

namespace KappaAspire.AppHost.Commands;

/// <summary>The trainer's and producer's control endpoints as dashboard commands, each carrying the operator token.</summary>
internal static class ControlCommands
{
    public static IResourceBuilder<ProjectResource> WithTrainerCommands(this IResourceBuilder<ProjectResource> trainer, IResourceBuilder<ParameterResource> operatorToken) =>
        trainer
            .WithOperatorCommand(operatorToken, "retrain", "Retrain", "/train", new()
            {
                Description = "Replay iot_raw_data from offset 0 and train a candidate now (POST /train); it is promoted if it beats the serving model.",
                IconName = "ArrowSync",
                IsHighlighted = true,
            })
            .WithOperatorCommand(operatorToken, "promote", "Promote a model", "/models/{version}/promote", new()
            {
                Description = "Serve a registered version to every inference replica (POST /models/{version}/promote).",
                IconName = "ArrowUp",
                ConfirmationMessage = "Serve this model to every inference replica now?",
                Arguments = [Version("version", "The registered model to serve (GET /models lists them).")],
            })
            .WithOperatorCommand(operatorToken, "rollback", "Roll back the model", "/models/rollback", new()
            {
                Description = "Serve the version promoted before the current one again (POST /models/rollback).",
                IconName = "ArrowUndo",
                ConfirmationMessage = "Roll every inference replica back to the previously promoted model?",
            })
            .WithOperatorCommand(operatorToken, "reprocess", "Reprocess the log", "/reprocessing", new()
            {
                Description = "Score iot_raw_data from offset 0 with one model into iot_predictions.<version> (POST /reprocessing).",
                IconName = "History",
                Arguments = [Version("model", "The model to reprocess the log with.")],
            }, arguments => new { model = arguments.Argument("model") })
            .WithOperatorCommand(operatorToken, "cutover", "Cut over to a run", "/reprocessing/{model}/cutover", new()
            {
                Description = "Make a caught-up reprocessing run the current output; the run it replaces is retired (POST /reprocessing/{model}/cutover).",
                IconName = "ArrowSwap",
                ConfirmationMessage = "Make this run's topic the current predictions and retire the run it replaces?",
                Arguments = [Version("model", "The caught-up run's model.")],
            })
            .WithOperatorCommand(operatorToken, "retire", "Retire a run", "/reprocessing/{model}/retire", new()
            {
                Description = "Stop a reprocessing run; its topic is deleted after the grace period (POST /reprocessing/{model}/retire).",
                IconName = "Delete",
                ConfirmationMessage = "Stop this run? Its topic is deleted after the grace period.",
                Arguments = [Version("model", "The run's model.")],
            });

    public static IResourceBuilder<ProjectResource> WithProducerCommands(this IResourceBuilder<ProjectResource> producer, IResourceBuilder<ParameterResource> operatorToken) =>
        producer
            .WithOperatorCommand(operatorToken, "pause", "Pause the sensors", "/pause", new() { Description = "Stop producing readings (POST /pause).", IconName = "Pause" })
            .WithOperatorCommand(operatorToken, "resume", "Resume the sensors", "/resume", new() { Description = "Produce readings again (POST /resume).", IconName = "Play" })
            .WithOperatorCommand(operatorToken, "set-rate", "Set the rate", "/rate", new()
            {
                Description = "Readings per second of all simulated sensors together (POST /rate).",
                IconName = "Gauge",
                Arguments = [new InteractionInput { Name = "readingsPerSecond", Label = "Readings per second", InputType = InputType.Number, Required = true, Placeholder = "200" }],
            }, arguments => new { readingsPerSecond = double.Parse(arguments.Argument("readingsPerSecond"), CultureInfo.InvariantCulture) })
            .WithOperatorCommand(operatorToken, "inject-anomaly", "Inject an anomaly", "/anomalies", new()
            {
                Description = "Give one sensor's next readings a spike, a drift or a stuck value (POST /anomalies).",
                IconName = "Flash",
                Arguments =
                [
                    new InteractionInput { Name = "sensorId", Label = "Sensor", InputType = InputType.Text, Required = true, Placeholder = "sensor-01" },
                    new InteractionInput
                    {
                        Name = "kind", Label = "Kind", InputType = InputType.Choice, Required = true,
                        Options = [new("spike", "Spike"), new("drift", "Drift"), new("stuck", "Stuck")],
                    },
                ],
            }, arguments => new { sensorId = arguments.Argument("sensorId"), kind = arguments.Argument("kind") });

    private static InteractionInput Version(string name, string description) =>
        new() { Name = name, Label = "Model version", Description = description, InputType = InputType.Text, Required = true, Placeholder = "v0007" };
}
