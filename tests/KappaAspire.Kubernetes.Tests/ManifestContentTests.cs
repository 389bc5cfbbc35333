using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>The manifests deploy what the application model describes, the way the architecture asks.</summary>
public sealed class ManifestContentTests(Renderings renderings)
{
    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void Every_service_is_a_Deployment_with_the_replicas_of_the_model_and_a_ClusterIP_Service(string model)
    {
        var rendering = renderings[model];

        foreach (var service in rendering.Services)
        {
            var deployment = rendering.Single<V1Deployment>(service.Name);
            var replicas = service.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
            Assert.Equal(replicas, deployment.Spec.Replicas);
            Assert.Equal("ClusterIP", rendering.Single<V1Service>(service.Name).Spec.Type);
        }

        Assert.Equal(rendering.Services.Count(), rendering.All<V1Deployment>().Count(d => d.Metadata.Name != "aspire-dashboard"));
        if (rendering.Services.Any(s => s.Name == "inference"))
        {
            Assert.True(rendering.Single<V1Deployment>("inference").Spec.Replicas >= 2, "inference scales out: several replicas share its consumer group");
        }
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void Every_service_is_probed_ready_on_health_and_alive_on_alive_and_sized(string model)
    {
        var rendering = renderings[model];

        foreach (var service in rendering.Services)
        {
            var container = rendering.Single<V1Deployment>(service.Name).Spec.Template.Spec.Containers.Single();
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.StartupProbe.HttpGet.Path);
            Assert.Contains(container.Ports, p => p.Name == container.ReadinessProbe.HttpGet.Port.Value);
            Assert.NotNull(container.Resources.Requests["memory"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
        }
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void The_embedded_broker_never_appears_in_the_manifests(string model)
    {
        var rendering = renderings[model];
        var brokers = rendering.Model.Resources.OfType<KafkaServerResource>().Select(k => k.Broker).OfType<IResource>().Select(b => b.Name).ToList();

        Assert.All(rendering.Files, f => Assert.DoesNotContain("KappaAspire.Broker", f.Value, StringComparison.Ordinal));
        foreach (var broker in brokers)
        {
            Assert.DoesNotContain(rendering.Objects, o => o.Metadata.Name.StartsWith(broker, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(rendering.Files.Keys, f => f.StartsWith(broker, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(Renderings.InCluster), MemberType = typeof(Renderings))]
    public void Kafka_runs_in_the_cluster_in_KRaft_mode_on_a_volume_and_every_service_bootstraps_from_its_Service(string model)
    {
        var rendering = renderings[model];

        var kafka = rendering.Single<V1StatefulSet>("kafka");
        var container = kafka.Spec.Template.Spec.Containers.Single();
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("broker,controller", env["KAFKA_PROCESS_ROLES"]);
        Assert.Equal("PLAINTEXT://kafka:9092", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.StartsWith(container.VolumeMounts.Single().MountPath, env["KAFKA_LOG_DIRS"], StringComparison.Ordinal);
        Assert.Equal("data", kafka.Spec.VolumeClaimTemplates.Single().Metadata.Name);
        Assert.Equal(9092, rendering.Single<V1Service>("kafka").Spec.Ports.Single().Port);

        AssertEveryKafkaClient(rendering, (name, env, configMap) => Assert.Equal("kafka:9092", configMap.Data[name]));
    }

    [Fact]
    public void With_external_Kafka_only_its_bootstrap_servers_are_deployed_and_every_service_reads_them()
    {
        var rendering = renderings[Renderings.External];

        Assert.Empty(rendering.All<V1StatefulSet>());
        Assert.DoesNotContain(rendering.All<V1Service>(), s => s.Metadata.Name.StartsWith("kafka", StringComparison.Ordinal));
        var connection = rendering.Single<V1ConfigMap>("kafka-connection");
        Assert.Equal(Renderings.ExternalBootstrapServers, connection.Data["bootstrap-servers"]);

        AssertEveryKafkaClient(rendering, (name, env, configMap) =>
        {
            Assert.DoesNotContain(name, configMap.Data.Keys);
            var reference = env.Single(e => e.Name == name).ValueFrom.ConfigMapKeyRef;
            Assert.Equal(("kafka-connection", "bootstrap-servers"), (reference.Name, reference.Key));
        });
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void The_topics_the_model_declares_are_created_by_a_Job_with_their_partition_counts(string model)
    {
        var rendering = renderings[model];
        var script = rendering.Single<V1Job>("kafka-topics").Spec.Template.Spec.Containers.Single().Command.Last();

        foreach (var topic in rendering.Model.Resources.OfType<KafkaServerResource>().Single().Topics)
        {
            Assert.Contains($"--create --if-not-exists --topic {topic.Name} --partitions {topic.Partitions} ", script, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void Secret_parameters_are_only_in_Secrets_holding_a_placeholder_and_reach_pods_by_secretKeyRef(string model)
    {
        var rendering = renderings[model];

        foreach (var service in rendering.Services)
        {
            var deployment = rendering.Single<V1Deployment>(service.Name);
            var configMap = rendering.ConfigMapOf(deployment);
            var env = deployment.Spec.Template.Spec.Containers.Single().Env ?? [];
            foreach (var (name, value) in rendering.Environments[service.Name].Where(e => e.Value is ParameterResource { Secret: true }))
            {
                var parameter = (ParameterResource)value;
                Assert.DoesNotContain(name, configMap.Data.Keys);
                var reference = env.Single(e => e.Name == name).ValueFrom.SecretKeyRef;
                Assert.Equal(parameter.Name, reference.Name);
                Assert.Equal("CHANGE-ME", rendering.Single<V1Secret>(parameter.Name).StringData[reference.Key]);
            }

            Assert.All(env, e => Assert.True(e.Value is null || !e.Name.Contains("Token", StringComparison.OrdinalIgnoreCase), $"{e.Name} is a plain value"));
        }

        // The value configured for the AppHost (user secrets, --Parameters:…) never lands in a file.
        Assert.All(rendering.Files, f => Assert.DoesNotContain(PipelineTopology.Token, f.Value, StringComparison.Ordinal));
        Assert.All(rendering.All<V1Secret>(), s => Assert.All(s.StringData.Values, v => Assert.Equal("CHANGE-ME", v)));
    }

    [Fact]
    public void The_model_channel_token_of_the_pipeline_is_a_Secret_shared_by_trainer_and_inference()
    {
        var rendering = renderings[Renderings.Pipeline];

        foreach (var service in new[] { "trainer", "inference" })
        {
            var env = rendering.Single<V1Deployment>(service).Spec.Template.Spec.Containers.Single().Env;
            Assert.Equal("model-token", env.Single(e => e.Name == "ModelChannel__Token").ValueFrom.SecretKeyRef.Name);
        }
    }

    [Fact]
    public void The_operator_token_of_the_AppHost_is_a_Secret_read_by_the_trainer_producer_and_viewer_only()
    {
        var rendering = renderings[Renderings.AppHost];

        Assert.Equal("CHANGE-ME", rendering.Single<V1Secret>("operator-token").StringData["value"]);
        foreach (var deployment in rendering.All<V1Deployment>())
        {
            var env = deployment.Spec.Template.Spec.Containers.Single().Env ?? [];
            var token = env.SingleOrDefault(e => e.Name == "Operator__Token");
            if (deployment.Metadata.Name is "trainer" or "producer" or "viewer")
            {
                Assert.Equal("operator-token", token?.ValueFrom.SecretKeyRef.Name);
            }
            else
            {
                Assert.True(token is null, $"{deployment.Metadata.Name} has no business with the operator token");
            }
        }
    }

    [Fact]
    public void Services_find_each_other_by_Service_name_and_listen_on_their_container_ports()
    {
        var rendering = renderings[Renderings.Pipeline];

        var trainer = rendering.Single<V1ConfigMap>("trainer-env").Data;
        Assert.Equal("8081", trainer["ModelChannel__GrpcPort"]);
        Assert.Equal("http://+:8080;http://+:8081", trainer["ASPNETCORE_URLS"]);
        Assert.Contains(rendering.Single<V1Service>("trainer").Spec.Ports, p => p is { Name: "grpc", Port: 8081, AppProtocol: not null });
        Assert.Equal("http://trainer:8081", rendering.Single<V1ConfigMap>("inference-env").Data["services__trainer__grpc__0"]);
        Assert.Equal("http://trainer:8080", rendering.Single<V1ConfigMap>("viewer-env").Data["services__trainer__http__0"]);
        Assert.Equal("http://+:8080", rendering.Single<V1ConfigMap>("producer-env").Data["ASPNETCORE_URLS"]);
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void Every_service_exports_telemetry_to_the_Aspire_dashboard(string model)
    {
        var rendering = renderings[model];
        var dashboard = rendering.Single<V1Service>("aspire-dashboard");
        Assert.Contains(dashboard.Spec.Ports, p => p is { Name: "otlp-grpc", Port: 18889 });
        Assert.Contains(dashboard.Spec.Ports, p => p is { Name: "http", Port: 18888 });

        foreach (var service in rendering.Services)
        {
            var data = rendering.ConfigMapOf(rendering.Single<V1Deployment>(service.Name)).Data;
            Assert.Equal("http://aspire-dashboard:18889", data["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal(service.Name, data["OTEL_SERVICE_NAME"]);
        }
    }

    [Fact]
    public void The_trainer_keeps_its_model_registry_on_a_persistent_volume()
    {
        var rendering = renderings[Renderings.Pipeline];

        var deployment = rendering.Single<V1Deployment>("trainer");
        var pod = deployment.Spec.Template.Spec;
        var mount = pod.Containers.Single().VolumeMounts.Single();
        Assert.Equal("/data/models", mount.MountPath);
        Assert.Equal("trainer-models", pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName);
        Assert.Equal("/data/models", rendering.Single<V1ConfigMap>("trainer-env").Data["Trainer__RegistryPath"]);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.True(pod.Containers.Single().Resources.Limits["memory"].ToDecimal() > rendering.Single<V1Deployment>("producer").Spec.Template.Spec.Containers.Single().Resources.Limits["memory"].ToDecimal());
    }

    [Theory]
    [MemberData(nameof(Renderings.All), MemberType = typeof(Renderings))]
    public void Images_are_named_after_their_service_with_a_tag_the_kustomization_overrides_and_a_command_that_builds_them(string model)
    {
        var rendering = renderings[model];
        var kustomization = rendering.Files["kustomization.yaml"];
        var script = rendering.Files["build-images.sh"];

        foreach (var service in rendering.Services)
        {
            Assert.Equal($"kappa-aspire/{service.Name}:latest", rendering.Single<V1Deployment>(service.Name).Spec.Template.Spec.Containers.Single().Image);
            Assert.Contains($"- name: kappa-aspire/{service.Name}\n  newTag: latest\n", kustomization, StringComparison.Ordinal);
            var project = Path.GetRelativePath(ManifestGeneration.RepositoryRoot, service.GetProjectMetadata().ProjectPath).Replace('\\', '/');
            Assert.Contains($"dotnet publish {project} -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/{service.Name} ", script, StringComparison.Ordinal);
        }
    }

    private static void AssertEveryKafkaClient(Rendering rendering, Action<string, IList<V1EnvVar>, V1ConfigMap> assert)
    {
        var clients = rendering.Services.Where(s => rendering.Environments[s.Name].ContainsKey("ConnectionStrings__kafka")).ToList();
        foreach (var client in clients)
        {
            var deployment = rendering.Single<V1Deployment>(client.Name);
            assert("ConnectionStrings__kafka", deployment.Spec.Template.Spec.Containers.Single().Env ?? [], rendering.ConfigMapOf(deployment));
        }

        var topics = rendering.Single<V1Job>("kafka-topics").Spec.Template.Spec.Containers.Single();
        Assert.NotNull(topics.Env.Single(e => e.Name == "BOOTSTRAP_SERVERS"));
    }
}
