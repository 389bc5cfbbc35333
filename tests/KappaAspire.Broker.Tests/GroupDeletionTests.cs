using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Broker.Groups;
using KappaAspire.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// Deleting consumer groups and their offsets through Confluent's admin client (DeleteGroups, OffsetDelete): librdkafka
/// aborts the calling process against a broker that lacks them, so these calls returning at all is the first check.
/// </summary>
public sealed class GroupDeletionTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_group_without_members_is_deleted_with_its_offsets_and_a_new_member_starts_over()
    {
        var (topic, group) = await CommittedGroupAsync(partitions: 2, offset: 5);
        using var admin = broker.Admin();

        await admin.DeleteGroupsAsync([group]);

        var groups = await admin.ListConsumerGroupsAsync();
        Assert.DoesNotContain(groups.Valid, g => g.GroupId == group);
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(group)).Build();
        var committed = consumer.Committed([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], Timeout);
        Assert.All(committed, c => Assert.Equal(Offset.Unset, c.Offset));
    }

    [Fact]
    public async Task A_group_with_a_member_is_not_deleted_and_an_unknown_group_is_reported()
    {
        var (topic, group) = await CommittedGroupAsync(partitions: 1, offset: 3);
        using var member = await ActiveMemberAsync(group, topic);
        using var admin = broker.Admin();
        var unknown = "never-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<DeleteGroupsException>(() => admin.DeleteGroupsAsync([group, unknown]));

        Assert.Equal(ErrorCode.NonEmptyGroup, error.Results.Single(r => r.Group == group).Error.Code);
        Assert.Equal(ErrorCode.GroupIdNotFound, error.Results.Single(r => r.Group == unknown).Error.Code);
        Assert.Equal(3, member.Committed([new TopicPartition(topic, 0)], Timeout).Single().Offset.Value);
    }

    [Fact]
    public async Task Offsets_of_chosen_partitions_are_deleted_and_the_others_kept()
    {
        var (topic, group) = await CommittedGroupAsync(partitions: 2, offset: 7);
        using var admin = broker.Admin();

        var result = await admin.DeleteConsumerGroupOffsetsAsync(group, [new TopicPartition(topic, 0)]);

        Assert.Equal(group, result.Group);
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(group)).Build();
        var committed = consumer.Committed([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], Timeout);
        Assert.Equal(Offset.Unset, committed.Single(c => c.Partition == 0).Offset);
        Assert.Equal(7, committed.Single(c => c.Partition == 1).Offset.Value);
    }

    [Fact]
    public async Task Offsets_of_a_topic_the_members_subscribe_to_are_kept()
    {
        var (topic, group) = await CommittedGroupAsync(partitions: 1, offset: 4);
        using var member = await ActiveMemberAsync(group, topic);
        using var admin = broker.Admin();

        var error = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(() =>
            admin.DeleteConsumerGroupOffsetsAsync(group, [new TopicPartition(topic, 0)]));

        Assert.Equal(ErrorCode.GroupSubscribedToTopic, error.Result.Partitions.Single().Error.Code);
        Assert.Equal(4, member.Committed([new TopicPartition(topic, 0)], Timeout).Single().Offset.Value);
    }

    [Fact]
    public void Deleted_offsets_and_groups_stay_deleted_when_the_store_is_reopened()
    {
        var directory = Directory.CreateTempSubdirectory("offsets-").FullName;
        try
        {
            using (var store = new OffsetStore(directory, NullLogger.Instance))
            {
                store.Commit("kept", [("t", 0, new CommittedOffset(10, -1, null, 0)), ("t", 1, new CommittedOffset(11, -1, null, 0))]);
                store.Commit("gone", [("t", 0, new CommittedOffset(12, -1, null, 0))]);
                store.DeleteOffsets("kept", [("t", 0)]);
                store.DeleteGroup("gone");
            }

            using var reopened = new OffsetStore(directory, NullLogger.Instance);
            Assert.False(reopened.TryGet("kept", "t", 0, out _));
            Assert.True(reopened.TryGet("kept", "t", 1, out var kept));
            Assert.Equal(11, kept.Offset);
            Assert.DoesNotContain("gone", reopened.GroupIds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // A group that has committed offsets on every partition of a new topic and has no members.
    private async Task<(string Topic, string Group)> CommittedGroupAsync(int partitions, long offset)
    {
        var topic = $"del-{Guid.NewGuid():N}";
        var group = "del-" + Guid.NewGuid().ToString("N");
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, partitions);
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(group)).Build();
        consumer.Commit([.. Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, offset, leaderEpoch: null))]);
        return (topic, group);
    }

    // A member subscribed to the topic, in a stable group (it has been assigned its partition).
    private async Task<IConsumer<string, string>> ActiveMemberAsync(string group, string topic)
    {
        var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig(group)).Build();
        consumer.Subscribe(topic);
        Assert.True(await Eventually.TrueAsync(() => { consumer.Consume(TimeSpan.FromMilliseconds(100)); return consumer.Assignment.Count > 0; }, TimeSpan.FromSeconds(30)));
        return consumer;
    }
}
