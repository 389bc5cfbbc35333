using System.Text;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>Writes the rendered files and removes the ones an earlier run generated that no longer exist (a removed service).</summary>
internal static class ManifestWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateFiles(directory).Where(f => !files.ContainsKey(Path.GetFileName(f)) && IsGenerated(f)))
        {
            File.Delete(stale);
        }

        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, content, Utf8);
            if (name.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
    }

    /// <summary>Only files carrying the generator's header are its own to delete.</summary>
    private static bool IsGenerated(string path)
    {
        using var reader = new StreamReader(path);
        for (var i = 0; i < 2 && reader.ReadLine() is { } line; i++)
        {
            if (line.StartsWith(KubernetesManifestGenerator.HeaderMarker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
