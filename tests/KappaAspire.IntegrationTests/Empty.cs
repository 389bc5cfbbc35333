namespace Placeholder; internal static class Empty { }
