using System.Text.Encodings.Web;
using System.Text.Json;

namespace Port.Emulator;

/// <summary>JSON output as Port writes it: quotes and non-ASCII unescaped.</summary>
public static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
