using KappaAspire.Testing;
using System.Diagnostics;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// Wire compatibility beyond librdkafka: kcat (librdkafka's CLI) and kafka-python (an independent, pure-Python
/// implementation of the protocol) talk to the broker and to each other through it. CI installs both.
/// </summary>
public sealed class IndependentClientTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Records_produced_with_kcat_are_consumed_by_a_kafka_python_consumer_group()
    {
        RequireTools();
        var topic = $"kcat-to-python-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 3);
        var lines = Enumerable.Range(0, 50).Select(i => $"sensor-{i % 5}:reading-{i}").ToList();

        var produce = await RunAsync("kcat", ["-b", broker.BootstrapServers, "-P", "-t", topic, "-K", ":"], string.Join('\n', lines) + "\n");
        Assert.True(produce.ExitCode == 0, produce.Error);

        var script = $$"""
            from kafka import KafkaConsumer
            c = KafkaConsumer('{{topic}}', bootstrap_servers='{{broker.BootstrapServers}}', group_id='py-group',
                              auto_offset_reset='earliest', consumer_timeout_ms=15000, enable_auto_commit=False)
            seen = []
            for m in c:
                seen.append(m.key.decode() + ':' + m.value.decode())
                if len(seen) == {{lines.Count}}:
                    break
            c.commit()
            c.close()
            print('\n'.join(sorted(seen)))
            """;
        var consume = await RunAsync(Python, ["-c", script]);

        Assert.True(consume.ExitCode == 0, consume.Error);
        Assert.Equal(lines.Order(), consume.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Records_produced_with_kafka_python_are_consumed_by_kcat()
    {
        RequireTools();
        var topic = $"python-to-kcat-{Guid.NewGuid():N}";
        var script = $$"""
            from kafka import KafkaProducer
            p = KafkaProducer(bootstrap_servers='{{broker.BootstrapServers}}', acks='all')
            for i in range(40):
                p.send('{{topic}}', key=b'k%d' % (i % 4), value=b'value-%d' % i)
            p.flush()
            p.close()
            """;
        var produce = await RunAsync(Python, ["-c", script]);
        Assert.True(produce.ExitCode == 0, produce.Error);

        var consume = await RunAsync("kcat", ["-b", broker.BootstrapServers, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s\n"]);

        Assert.True(consume.ExitCode == 0, consume.Error);
        var expected = Enumerable.Range(0, 40).Select(i => $"k{i % 4}=value-{i}").Order();
        Assert.Equal(expected, consume.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    private static void RequireTools()
    {
        var missing = new[] { "/usr/bin/kcat", Python }.Where(p => !File.Exists(p)).ToList();
        if (!File.Exists(Python) || RunAsync(Python, ["-c", "import kafka"]).Result.ExitCode != 0) missing.Add("python3-kafka");
        if (missing.Count == 0) return;
        // CI installs them (.ci/run), so there a missing client is a failure, not a skip.
        var message = $"Install {string.Join(", ", missing)} (apt-get install kcat python3-kafka).";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Skip(message);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] args, string? input = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
