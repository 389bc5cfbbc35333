using System.Runtime.CompilerServices;

// The statistics parser and metrics are internal; their tests feed them captured reports directly.
[assembly: InternalsVisibleTo("KappaAspire.ServiceDefaults.Tests")]
