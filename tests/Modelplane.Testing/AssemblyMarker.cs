namespace Modelplane.Testing; internal static class AssemblyMarker;
