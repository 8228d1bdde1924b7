// Sums a NativeAOT size statistics file (<exe>.mstat, written with -p:IlcGenerateMstatFile=true) by assembly and by
// namespace, and prints JSON for bench/binary-size.js:
//   dotnet run --project bench/MstatSummary -- <file.mstat> [top]
// The mstat file is an IL assembly whose <Module> type has one method per kind of compiled node; each method's IL is a
// list of records, a token or string (ldtoken, ldstr) followed by integers (ldc.i4*). Format 2.x, as ILC 10 writes it:
//   Methods        ldtoken method, code bytes, GC info bytes, EH info bytes, node id
//   Types          ldtoken type, bytes (the type's MethodTable), node id
//   RvaFields      ldtoken field, bytes, node id
//   FrozenObjects  ldtoken type, bytes, node id, 0 or ldtoken of the static field that holds it (objects preinitialized
//                  into the image: string literals, static data; together the blob ArrayOfFrozenObjects)
//   Blobs          ldstr name, bytes (runtime maps and the reflection metadata: not owned by one type)
//   DeduplicatedMethods  methods folded into an identical body (no bytes of their own)
// A method, field or type counts for the assembly and namespace that declare its type (a generic instantiation for its
// generic definition's, an array for its element type's). Sizes are the compiler's: types and frozen objects at their
// size in memory (the file holds them dehydrated, inside the blob DehydratedData, about 0.6 of that). The executable
// also holds the native runtime and the file's own structure, which the script reports as the rest of the file.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MstatSummary <file.mstat> [top]");
    return 2;
}
int top = args.Length > 1 ? int.Parse(args[1]) : 0;
using var pe = new PEReader(File.OpenRead(args[0]));
var md = pe.GetMetadataReader();
var owners = new OwnerResolver(md);
var byAssembly = new Dictionary<string, long>();
var byNamespace = new Dictionary<string, long>();
var byKind = new Dictionary<string, long>();
var items = new List<(string Name, long Bytes)>();
var blobs = new List<(string Name, long Bytes)>();
long frozen = 0;
string version = md.GetAssemblyDefinition().Version.ToString(2);
if (!version.StartsWith("2.", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"mstat format {version}: this reader knows 2.x");
    return 1;
}

void Add(string kind, Owner owner, long bytes, string name)
{
    byKind[kind] = byKind.GetValueOrDefault(kind) + bytes;
    byAssembly[owner.Assembly] = byAssembly.GetValueOrDefault(owner.Assembly) + bytes;
    string ns = $"{owner.Assembly}!{owner.Namespace}";
    byNamespace[ns] = byNamespace.GetValueOrDefault(ns) + bytes;
    if (top > 0) items.Add(($"{kind} {name}", bytes));
}

var global = md.GetTypeDefinition(MetadataTokens.TypeDefinitionHandle(1));
foreach (var handle in global.GetMethods())
{
    var method = md.GetMethodDefinition(handle);
    string kind = md.GetString(method.Name);
    if (method.RelativeVirtualAddress == 0) continue;
    foreach (var (token, text, numbers) in Records(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader()))
    {
        switch (kind)
        {
            case "Methods": // code, GC info, EH info
                Add(kind, owners.OfMember(token), numbers[0] + numbers[1] + numbers[2], owners.NameOf(token));
                break;
            case "Types":
            case "RvaFields":
                Add(kind, token.IsNil ? Owner.Unknown : owners.OfToken(token), numbers[0], token.IsNil ? "?" : owners.NameOf(token));
                break;
            case "FrozenObjects": // type, bytes, node id, then 0 or the static field that holds the object (a record of its own here)
                if (numbers.Count < 2) break;
                string type = owners.NameOf(token);
                // String literals have no owner to name: they count apart.
                Add(kind, type == "System.String" ? new Owner("(frozen strings)", "") : owners.OfToken(token), numbers[0], type);
                frozen += numbers[0];
                break;
            case "Blobs":
                blobs.Add((text ?? "?", numbers[0]));
                break;
        }
    }
}

// The frozen objects above are the blob ArrayOfFrozenObjects, item by item: count only the rest of the blobs.
foreach (var (name, bytes) in blobs)
{
    long rest = name == "ArrayOfFrozenObjects" ? bytes - frozen : bytes;
    if (rest > 0) Add("Blobs", new Owner("(runtime data)", name), rest, name);
}

var json = new StringBuilder();
json.Append("{\"format\":\"").Append(version).Append('"');
AppendMap("byKind", byKind);
AppendMap("byAssembly", byAssembly);
AppendMap("byNamespace", byNamespace);
if (top > 0)
{
    json.Append(",\"top\":[");
    json.AppendJoin(',', items.OrderByDescending(i => i.Bytes).Take(top).Select(i => $"[{Quote(i.Name)},{i.Bytes}]"));
    json.Append(']');
}
json.Append('}');
Console.WriteLine(json);
return 0;

void AppendMap(string name, Dictionary<string, long> map)
{
    json.Append(",\"").Append(name).Append("\":{");
    json.AppendJoin(',', map.OrderByDescending(p => p.Value).Select(p => $"{Quote(p.Key)}:{p.Value}"));
    json.Append('}');
}

static string Quote(string s) => $"\"{System.Text.Json.JsonEncodedText.Encode(s)}\"";

// The records of one method body: a token (ldtoken) or a string (ldstr), then the integers that follow it.
IEnumerable<(EntityHandle Token, string? Text, List<long> Numbers)> Records(BlobReader il)
{
    EntityHandle token = default;
    string? text = null;
    var numbers = new List<long>();
    bool open = false;
    while (il.RemainingBytes > 0)
    {
        int op = il.ReadByte();
        if (op is 0xD0 or 0x72)
        {
            if (open) yield return (token, text, numbers);
            int value = il.ReadInt32();
            (token, text) = op == 0xD0
                ? (MetadataTokens.EntityHandle(value), null)
                : (default(EntityHandle), md.GetUserString(MetadataTokens.UserStringHandle(value & 0xFFFFFF)));
            numbers = new List<long>();
            open = true;
        }
        else if (op is >= 0x15 and <= 0x1E) numbers.Add(op - 0x16);
        else if (op == 0x1F) numbers.Add(il.ReadSByte());
        else if (op == 0x20) numbers.Add(il.ReadInt32());
        else if (op is 0x00 or 0x26 or 0x2A) { } // nop, pop, ret
        else throw new InvalidDataException($"unexpected IL opcode 0x{op:X2} in the mstat file");
    }
    if (open) yield return (token, text, numbers);
}

record Owner(string Assembly, string Namespace)
{
    public static readonly Owner Unknown = new("(unknown)", "");
}

// Which assembly and namespace a token in the mstat file belongs to, and a readable name for the largest items.
sealed class OwnerResolver(MetadataReader md) : ISignatureTypeProvider<Owner, object?>
{
    static readonly Owner CoreLib = new("System.Private.CoreLib", "System");

    public Owner OfMember(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.MemberReference => OfToken(md.GetMemberReference((MemberReferenceHandle)handle).Parent),
        HandleKind.MethodSpecification => OfMember(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
        _ => OfToken(handle),
    };

    public Owner OfToken(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => OfTypeReference((TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        HandleKind.MemberReference or HandleKind.MethodSpecification => OfMember(handle),
        HandleKind.TypeDefinition => new Owner("(mstat)", md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Namespace)),
        _ => Owner.Unknown,
    };

    Owner OfTypeReference(TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var scope = type.ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.TypeReference => OfTypeReference((TypeReferenceHandle)scope), // nested: the outer type's namespace
            HandleKind.AssemblyReference => new Owner(md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), md.GetString(type.Namespace)),
            _ => new Owner("(unknown)", md.GetString(type.Namespace)),
        };
    }

    public string NameOf(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                return $"{TypeName(member.Parent)}.{md.GetString(member.Name)}";
            case HandleKind.MethodSpecification:
                return NameOf(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method) + "<…>";
            default:
                return TypeName(handle);
        }
    }

    string TypeName(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                var type = md.GetTypeReference((TypeReferenceHandle)handle);
                string outer = type.ResolutionScope.Kind == HandleKind.TypeReference ? TypeName((TypeReferenceHandle)type.ResolutionScope) + "+" : "";
                string ns = md.GetString(type.Namespace);
                return outer + (ns.Length > 0 ? ns + "." : "") + md.GetString(type.Name);
            case HandleKind.TypeSpecification:
                var names = new TypeNames(this);
                return md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(names, null);
            default:
                return handle.Kind.ToString();
        }
    }

    sealed class TypeNames(OwnerResolver resolver) : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => resolver.TypeName(handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => resolver.TypeName(handle);
    }

    // A type signature belongs where its generic definition, or its element type, is declared.
    public Owner GetArrayType(Owner elementType, ArrayShape shape) => elementType;
    public Owner GetByReferenceType(Owner elementType) => elementType;
    public Owner GetFunctionPointerType(MethodSignature<Owner> signature) => CoreLib;
    public Owner GetGenericInstantiation(Owner genericType, System.Collections.Immutable.ImmutableArray<Owner> typeArguments) => genericType;
    public Owner GetGenericMethodParameter(object? genericContext, int index) => CoreLib;
    public Owner GetGenericTypeParameter(object? genericContext, int index) => CoreLib;
    public Owner GetModifiedType(Owner modifier, Owner unmodifiedType, bool isRequired) => unmodifiedType;
    public Owner GetPinnedType(Owner elementType) => elementType;
    public Owner GetPointerType(Owner elementType) => elementType;
    public Owner GetPrimitiveType(PrimitiveTypeCode typeCode) => CoreLib;
    public Owner GetSZArrayType(Owner elementType) => elementType;
    public Owner GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => OfToken(handle);
    public Owner GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => OfTypeReference(handle);
    public Owner GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => OfToken(handle);
}
