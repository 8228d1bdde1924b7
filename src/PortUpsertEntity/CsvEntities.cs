using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>
/// CSV with a header row, streamed by CsvHelper. Columns <c>identifier</c>, <c>title</c>, <c>icon</c>, <c>team</c> are
/// entity fields; <c>relations.NAME</c> a relation; every other column a property. A column may carry a type:
/// <c>replicas:number</c>, <c>healthy:boolean</c>, <c>tags:json</c> (default: string). Empty cells are left out.
/// </summary>
internal static class CsvEntities
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>A header cell: where the value goes in the entity, and its type.</summary>
    private sealed record Column(string Header, string Key, string Type);

    public static IEnumerable<FileEntity> Read(EntitiesFile file)
    {
        using var reader = CsvReader.FromFile(file.Path, Options);
        var columns = ReadHeader(file, reader);
        while (NextRecord(file, reader))
        {
            var line = checked((int)reader.LineNumber);
            if (reader.FieldCount != columns.Count)
            {
                throw file.Problem($"line {line} has {reader.FieldCount} cells, but the header has {columns.Count}.");
            }

            var entity = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                if (!reader.IsEmpty(i))
                {
                    Place(entity, columns[i], Value(file, reader, i, columns[i], line));
                }
            }

            yield return new FileEntity(entity, line);
        }
    }

    private static List<Column> ReadHeader(EntitiesFile file, CsvReader reader)
    {
        try
        {
            reader.ReadHeader();
        }
        catch (CsvFormatException ex)
        {
            throw Malformed(file, ex);
        }

        return reader.Headers.Select(header =>
        {
            header = header.Trim();
            var typeAt = header.LastIndexOf(':');
            var (key, type) = typeAt > 0 ? (header[..typeAt], header[(typeAt + 1)..].ToLowerInvariant()) : (header, "string");
            return type is "string" or "number" or "boolean" or "json"
                ? new Column(header, key, type)
                : throw file.Problem($"column '{header}' has the type '{type}'; use string, number, boolean or json.");
        }).ToList();
    }

    private static bool NextRecord(EntitiesFile file, CsvReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException ex)
        {
            throw Malformed(file, ex);
        }
    }

    private static TaskInputException Malformed(EntitiesFile file, CsvFormatException ex)
    {
        // CsvHelper words it "Malformed CSV in record N (line L): why"; the line is said once, the file's way.
        var reason = ex.Message.IndexOf("): ", StringComparison.Ordinal) is var cut and > 0 ? ex.Message[(cut + 3)..] : ex.Message;
        return file.Problem($"line {ex.LineNumber} is not valid CSV: {reason.TrimEnd('.')}. Quote a cell that holds a comma, a quote or a line break, and double the quotes inside it: \"say \"\"hi\"\"\".");
    }

    private static JsonNode? Value(EntitiesFile file, CsvReader reader, int index, Column column, int line)
    {
        var text = reader.GetString(index);
        return column.Type switch
        {
            "number" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw Bad("a number"),
            "boolean" => bool.TryParse(text, out var b) ? b : throw Bad("true or false"),
            "json" => ParseJson(file, reader, index, column, text, line),
            _ => text,
        };

        TaskInputException Bad(string expected) => file.Problem($"line {line}, column '{column.Header}' holds '{text}', which is not {expected}.");
    }

    private static void Place(JsonObject entity, Column column, JsonNode? value)
    {
        if (column.Key is "identifier" or "title" or "icon" or "team")
        {
            entity[column.Key] = value;
        }
        else if (column.Key.StartsWith("relations.", StringComparison.Ordinal))
        {
            Section(entity, "relations")[column.Key["relations.".Length..]] = value;
        }
        else
        {
            Section(entity, "properties")[column.Key] = value;
        }
    }

    private static JsonObject Section(JsonObject entity, string key) => entity[key] as JsonObject ?? (JsonObject)(entity[key] = new JsonObject());

    private static JsonNode? ParseJson(EntitiesFile file, CsvReader reader, int index, Column column, string text, int line)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            var (fileLine, character) = CellPosition.InFile(reader, index, text, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0, line);
            throw file.Problem($"line {fileLine}, column {character} (in the '{column.Header}' cell) is not valid JSON: {JsonInput.Reason(ex)}. Expected JSON such as [\"a\",\"b\"].");
        }
    }
}

/// <summary>
/// Where, in the file, a JSON error inside a CSV cell stands: the parser counts lines and bytes within the cell's
/// text, which the cell's quoting shifts (its opening quote, doubled quotes inside it).
/// </summary>
internal static class CellPosition
{
    /// <returns>The file's 1-based line and column (in characters, as <see cref="TextColumns"/> counts them).</returns>
    public static (int Line, int Column) InFile(CsvReader reader, int field, string text, long jsonLine, long jsonByte, int recordLine)
    {
        // The error's index in the cell's text.
        var lineStart = 0;
        for (var l = 0; l < jsonLine; l++)
        {
            lineStart = text.IndexOf('\n', lineStart) + 1;
        }

        var index = lineStart + TextColumns.IndexOfUtf8Offset(text.AsSpan(lineStart), jsonByte);

        // The record as it is in the file, and where the cell's raw text starts in it.
        var record = reader.RawRecord;
        var raw = reader.GetRawSpan(field);
        _ = record.Overlaps(raw, out var rawByteOffset);
        var recordText = Encoding.UTF8.GetString(record);
        var position = Encoding.UTF8.GetCharCount(record[..rawByteOffset]);
        var quoted = raw.Length > 0 && raw[0] == (byte)'"';
        position += quoted ? 1 : 0;

        // Walk the record from the cell's start over as many characters of its text.
        for (var consumed = 0; consumed < index && position < recordText.Length; consumed++)
        {
            position += quoted && recordText[position] == '"' ? 2 : 1; // a doubled quote is one character of the text
        }

        var line = recordLine + recordText.AsSpan(0, position).Count('\n');
        var fileLineStart = recordText.LastIndexOf('\n', Math.Max(position - 1, 0)) + 1;
        return (line, TextColumns.ColumnOfIndex(recordText.AsSpan(fileLineStart), position - fileLineStart));
    }
}
