using KappaAspire.Testing;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KappaAspire.Broker.Tests;

/// <summary>Consumer groups: partitions are shared among members, rebalanced as they come and go, and positions survive.</summary>
public sealed class ConsumerGroupTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Three_members_share_the_partitions_and_the_survivors_take_over_when_members_leave()
    {
        var topic = $"group-{Guid.NewGuid():N}";
        var groupId = "g-" + Guid.NewGuid().ToString("N");
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 6);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var members = Enumerable.Range(0, 3).Select(_ => new GroupMemberLoop(broker.ConsumerConfig(groupId), topic)).ToList();
        await WaitUntil(() => members.All(m => m.Assignment.Count == 2), cts.Token);
        Assert.Equal(6, members.SelectMany(m => m.Assignment).Distinct().Count());

        members[2].Dispose();
        await WaitUntil(() => members.Take(2).All(m => m.Assignment.Count == 3), cts.Token);
        Assert.Equal(6, members.Take(2).SelectMany(m => m.Assignment).Distinct().Count());

        members[1].Dispose();
        await WaitUntil(() => members[0].Assignment.Count == 6, cts.Token);

        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 300);
        await WaitUntil(() => members[0].Received.Count == 300, cts.Token);
        members[0].Dispose();
    }

    [Fact]
    public async Task A_static_member_that_restarts_within_its_session_takes_its_partitions_back_and_nobody_else_rebalances()
    {
        var topic = $"static-{Guid.NewGuid():N}";
        var groupId = "g-" + Guid.NewGuid().ToString("N");
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 6);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ConsumerConfig Static(string instance) => new(broker.ConsumerConfig(groupId)) { GroupInstanceId = instance, SessionTimeoutMs = 30_000 };

        using var stays = new GroupMemberLoop(Static("instance-a"), topic);
        var restarts = new GroupMemberLoop(Static("instance-b"), topic);
        await WaitUntil(() => stays.Assignment.Count == 3 && restarts.Assignment.Count == 3, cts.Token);
        var (staysHad, staysChanges, restartsHad) = (stays.Assignment, stays.AssignmentChanges, restarts.Assignment);

        restarts.Dispose(); // a static member does not leave the group when it closes
        using var restarted = new GroupMemberLoop(Static("instance-b"), topic);
        await WaitUntil(() => restarted.Assignment.Count == 3, cts.Token);

        Assert.Equal(restartsHad.Order(), restarted.Assignment.Order());
        Assert.Equal(staysHad, stays.Assignment);
        Assert.Equal(staysChanges, stays.AssignmentChanges); // never revoked, never reassigned
    }

    [Fact]
    public async Task A_group_reads_the_partitions_its_topic_gains_at_once()
    {
        var topic = $"grows-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        using var member = new GroupMemberLoop(broker.ConsumerConfig("g-" + Guid.NewGuid().ToString("N")), topic);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // librdkafka alone would notice in 5 minutes
        await WaitUntil(() => member.Assignment.Count == 2, cts.Token);

        using (var admin = broker.Admin())
            await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 4 }]);
        await WaitUntil(() => member.Assignment.Count == 4, cts.Token);

        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build())
            await producer.ProduceAsync(new TopicPartition(topic, 3), new Message<string, string> { Key = "k", Value = "new" });
        await WaitUntil(() => member.Received.Contains("new"), cts.Token);
    }

    [Fact]
    public async Task Groups_are_listed_with_their_state_and_type_and_filtered_by_state()
    {
        var topic = $"states-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var active = "active-" + Guid.NewGuid().ToString("N");
        var idle = "idle-" + Guid.NewGuid().ToString("N");
        using (var committer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(idle)).Build())
            committer.Commit([new TopicPartitionOffset(topic, 0, 1)]); // offsets only, no members
        using var member = new GroupMemberLoop(broker.ConsumerConfig(active), topic);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await WaitUntil(() => member.Assignment.Count == 1, cts.Token);
        using var admin = broker.Admin();

        var all = (await admin.ListConsumerGroupsAsync()).Valid;
        var stable = (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchStates = [ConsumerGroupState.Stable] })).Valid;
        var empty = (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchStates = [ConsumerGroupState.Empty] })).Valid;

        Assert.Equal(ConsumerGroupState.Stable, all.Single(g => g.GroupId == active).State);
        Assert.Equal(ConsumerGroupState.Empty, all.Single(g => g.GroupId == idle).State);
        Assert.Equal(ConsumerGroupType.Classic, all.Single(g => g.GroupId == active).Type);
        Assert.Contains(stable, g => g.GroupId == active);
        Assert.DoesNotContain(stable, g => g.GroupId == idle);
        Assert.Contains(empty, g => g.GroupId == idle);
        Assert.DoesNotContain(empty, g => g.GroupId == active);
    }

    [Fact]
    public async Task A_group_resumes_from_its_committed_offsets()
    {
        var topic = $"resume-{Guid.NewGuid():N}";
        var groupId = "g-" + Guid.NewGuid().ToString("N");
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 100);

        var firstRun = ConsumeAndCommit(groupId, topic, 60);
        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 100);
        var secondRun = ConsumeAndCommit(groupId, topic, 140);

        Assert.Empty(firstRun.Intersect(secondRun));
        Assert.Equal(200, firstRun.Union(secondRun).Count());
    }

    [Fact]
    public async Task Commit_metadata_round_trips_for_a_consumer_that_assigns_partitions_itself()
    {
        var topic = $"assign-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var groupId = "assign-" + Guid.NewGuid().ToString("N");
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(groupId)).Build();
        var position = new TopicPartitionOffset(topic, 0, 42, leaderEpoch: null);

        consumer.Commit([position]);
        var committed = consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10));

        Assert.Equal(42, committed.Single().Offset.Value);
        using var admin = broker.Admin();
        var groups = await admin.ListConsumerGroupsAsync();
        Assert.Contains(groups.Valid, g => g.GroupId == groupId);
    }

    private List<string> ConsumeAndCommit(string groupId, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(groupId)).Build();
        consumer.Subscribe(topic);
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null) continue;
            values.Add($"{result.Partition.Value}:{result.Offset.Value}");
            consumer.Commit(result);
        }
        consumer.Close();
        Assert.Equal(count, values.Count);
        return values;
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition()) await Task.Delay(50, cancellationToken);
    }

    /// <summary>A subscribed consumer polling on its own thread, exposing its current assignment and what it received.</summary>
    private sealed class GroupMemberLoop : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private volatile IReadOnlyList<int> _assignment = [];
        private int _assignmentChanges;

        public GroupMemberLoop(ConsumerConfig config, string topic)
        {
            _thread = new Thread(() =>
            {
                using var consumer = new ConsumerBuilder<string, string>(config)
                    .SetPartitionsAssignedHandler((_, parts) =>
                    {
                        _assignment = [.. parts.Select(p => p.Partition.Value)];
                        Interlocked.Increment(ref _assignmentChanges);
                    })
                    .SetPartitionsRevokedHandler((_, _) =>
                    {
                        _assignment = [];
                        Interlocked.Increment(ref _assignmentChanges);
                    })
                    .Build();
                consumer.Subscribe(topic);
                while (!_stop.IsCancellationRequested)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                    if (result?.Message is not null) Received.Add(result.Message.Value);
                }
                consumer.Close();
            });
            _thread.Start();
        }

        public IReadOnlyList<int> Assignment => _assignment;
        /// <summary>How many times partitions were assigned or revoked.</summary>
        public int AssignmentChanges => Volatile.Read(ref _assignmentChanges);
        public ConcurrentBag<string> Received { get; } = [];

        public void Dispose()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            _thread.Join();
        }
    }
}
