using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>
/// What the API server would refuse, or what would deploy but never work, checked offline: names, selectors that select,
/// ports and probes that exist, references to ConfigMaps, Secrets and claims that are there, requests within limits.
/// (KubernetesClient 21 no longer generates <c>Validate()</c> on its models; strict deserialization covers field names.)
/// </summary>
internal static partial class ManifestValidator
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var problems = new List<string>();
        void Check(bool condition, IKubernetesObject<V1ObjectMeta> o, string problem)
        {
            if (!condition)
            {
                problems.Add($"{o.Kind}/{o.Metadata?.Name}: {problem}");
            }
        }

        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var claims = objects.OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToHashSet();
        var workloads = objects.Select(o => (Object: o, Pod: PodTemplate(o))).Where(w => w.Pod is not null).ToList();

        foreach (var o in objects)
        {
            Check(!string.IsNullOrEmpty(o.ApiVersion) && !string.IsNullOrEmpty(o.Kind), o, "apiVersion and kind are required");
            Check(o.Metadata?.Name is { } name && name.Length <= 63 && DnsLabel().IsMatch(name), o, "metadata.name must be an RFC 1123 label");
            Check(o.Metadata?.Labels?.ContainsKey("app.kubernetes.io/name") == true, o, "carries no app.kubernetes.io/name label");
        }

        foreach (var (o, pod) in workloads)
        {
            var selector = o switch
            {
                V1Deployment d => d.Spec.Selector,
                V1StatefulSet s => s.Spec.Selector,
                _ => null,
            };
            if (selector is not null)
            {
                Check(selector.MatchLabels.Count > 0 && selector.MatchLabels.All(l => pod!.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value),
                    o, "the selector does not select the pod template");
            }

            var volumes = (pod!.Spec.Volumes ?? []).Select(v => v.Name)
                .Concat(o is V1StatefulSet set ? (set.Spec.VolumeClaimTemplates ?? []).Select(t => t.Metadata.Name) : []).ToHashSet();
            foreach (var claim in (pod.Spec.Volumes ?? []).Where(v => v.PersistentVolumeClaim is not null))
            {
                Check(claims.Contains(claim.PersistentVolumeClaim.ClaimName), o, $"claim '{claim.PersistentVolumeClaim.ClaimName}' does not exist");
            }

            Check(pod.Spec.Containers.Count > 0, o, "has no container");
            foreach (var container in pod.Spec.Containers)
            {
                var ports = (container.Ports ?? []).ToList();
                Check(!string.IsNullOrEmpty(container.Image) && container.Image.Contains(':', StringComparison.Ordinal), o, $"container '{container.Name}' has no tagged image");
                Check(ports.Select(p => p.Name).Distinct().Count() == ports.Count && ports.All(p => p.Name.Length <= 15 && DnsLabel().IsMatch(p.Name)),
                    o, $"container '{container.Name}' has duplicate or invalid port names");
                foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe }.OfType<V1Probe>())
                {
                    var port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
                    Check(port is not null && ports.Any(p => p.Name == port.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port.Value),
                        o, $"a probe of '{container.Name}' uses port '{port?.Value}', which the container does not declare");
                }

                foreach (var source in container.EnvFrom ?? [])
                {
                    Check(source.ConfigMapRef is null || configMaps.ContainsKey(source.ConfigMapRef.Name), o, $"ConfigMap '{source.ConfigMapRef?.Name}' does not exist");
                }

                foreach (var env in container.Env ?? [])
                {
                    Check((env.Value is null) != (env.ValueFrom is null), o, $"{env.Name} needs exactly one of value and valueFrom");
                    if (env.ValueFrom?.SecretKeyRef is { } secretKey)
                    {
                        Check(secrets.TryGetValue(secretKey.Name, out var secret) && (secret.StringData?.ContainsKey(secretKey.Key) == true || secret.Data?.ContainsKey(secretKey.Key) == true),
                            o, $"{env.Name} refers to Secret key {secretKey.Name}/{secretKey.Key}, which does not exist");
                    }

                    if (env.ValueFrom?.ConfigMapKeyRef is { } configMapKey)
                    {
                        Check(configMaps.TryGetValue(configMapKey.Name, out var configMap) && configMap.Data.ContainsKey(configMapKey.Key),
                            o, $"{env.Name} refers to ConfigMap key {configMapKey.Name}/{configMapKey.Key}, which does not exist");
                    }
                }

                foreach (var mount in container.VolumeMounts ?? [])
                {
                    Check(volumes.Contains(mount.Name), o, $"mount '{mount.Name}' has no volume");
                }

                var resources = container.Resources;
                Check(resources?.Requests?.ContainsKey("cpu") == true && resources.Requests.ContainsKey("memory")
                    && resources.Limits?.ContainsKey("cpu") == true && resources.Limits.ContainsKey("memory"),
                    o, $"container '{container.Name}' lacks cpu/memory requests or limits");
                if (resources?.Requests is not null && resources.Limits is not null)
                {
                    foreach (var (resource, request) in resources.Requests.Where(r => resources.Limits.ContainsKey(r.Key)))
                    {
                        Check(request.ToDecimal() <= resources.Limits[resource].ToDecimal(), o, $"the {resource} request exceeds its limit");
                    }
                }
            }

            if (o is V1Job job)
            {
                Check(job.Spec.Template.Spec.RestartPolicy is "Never" or "OnFailure", o, "a Job's pods must restart Never or OnFailure");
            }

            if (o is V1StatefulSet statefulSet)
            {
                Check(objects.OfType<V1Service>().Any(s => s.Metadata.Name == statefulSet.Spec.ServiceName && s.Spec.ClusterIP == "None"),
                    o, $"its governing Service '{statefulSet.Spec.ServiceName}' is not a headless Service");
            }
        }

        foreach (var service in objects.OfType<V1Service>())
        {
            var selected = workloads.Where(w => service.Spec.Selector.All(l => w.Pod!.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
            Check(selected.Count == 1, service, $"selects {selected.Count} workloads instead of one");
            foreach (var port in service.Spec.Ports)
            {
                Check(selected.SelectMany(w => w.Pod!.Spec.Containers).SelectMany(c => c.Ports ?? []).Any(p => p.Name == port.TargetPort.Value),
                    service, $"port '{port.Name}' targets '{port.TargetPort.Value}', which the selected pods do not declare");
            }
        }

        foreach (var claim in objects.OfType<V1PersistentVolumeClaim>())
        {
            Check(claim.Spec.Resources?.Requests?.ContainsKey("storage") == true && claim.Spec.AccessModes?.Count > 0, claim, "needs a storage request and an access mode");
        }

        return problems;
    }

    private static V1PodTemplateSpec? PodTemplate(IKubernetesObject<V1ObjectMeta> o) => o switch
    {
        V1Deployment d => d.Spec.Template,
        V1StatefulSet s => s.Spec.Template,
        V1Job j => j.Spec.Template,
        _ => null,
    };

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
