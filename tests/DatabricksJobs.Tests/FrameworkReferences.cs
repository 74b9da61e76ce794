using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DatabricksJobs.Tests;

/// <summary>
/// What an assembly uses that a set of other assemblies (a <see cref="MetadataLoadContext"/>: .NET Framework's
/// reference assemblies, say) does not have: every assembly, type, method and field it references, looked up by name
/// and signature, type forwarders followed. Read from metadata; nothing is loaded to run.
/// </summary>
public static class FrameworkReferences
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// One line for each reference of <paramref name="path"/> that <paramref name="context"/> can't satisfy:
    /// "file: assembly X", "file: type T", "file: method T::M(...)" or "file: field T::F". <paramref name="anyVersion"/>
    /// names the assemblies any version of which will do (those the module resolves by name); of the others, the
    /// context's copy must be at least the version asked.
    /// </summary>
    public static List<string> Missing(MetadataLoadContext context, string path, ISet<string> anyVersion)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var file = Path.GetFileName(path);
        var missing = new List<string>();
        var types = new Dictionary<EntityHandle, Type?>();

        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetAssemblyReference(handle).GetAssemblyName();
            var found = TryLoad(context, name);
            if (found is null) missing.Add($"{file}: assembly {name.Name}");
            else if (!anyVersion.Contains(name.Name!) && found.GetName().Version < name.Version) missing.Add($"{file}: assembly {name.Name} {name.Version} (only {found.GetName().Version})");
        }
        foreach (var handle in reader.TypeReferences)
        {
            var type = Resolve(context, reader, handle, types);
            if (type is null) missing.Add($"{file}: type {FullName(reader, handle)}");
        }
        var signatures = new SignatureNames();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => Resolve(context, reader, (TypeReferenceHandle)member.Parent, types),
                HandleKind.TypeSpecification => GenericDefinition(context, reader, (TypeSpecificationHandle)member.Parent, types),
                _ => null, // members of the assembly's own types, and varargs call sites: nothing to look up elsewhere
            };
            if (parent is null) continue; // its type is reported already, or it is the assembly's own
            var name = reader.GetString(member.Name);
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = member.DecodeMethodSignature(signatures, null);
                if (!Hierarchy(parent).SelectMany(t => t.GetMembers(Everything)).OfType<MethodBase>().Any(m => m.Name == name && Readable(() => Matches(m, signature))))
                    missing.Add($"{file}: method {parent.FullName}::{name}({string.Join(", ", signature.ParameterTypes)})");
            }
            else
            {
                var fieldType = member.DecodeFieldSignature(signatures, null);
                if (!Hierarchy(parent).SelectMany(t => t.GetFields(Everything)).Any(f => f.Name == name && Readable(() => SignatureNames.Of(f.FieldType) == fieldType)))
                    missing.Add($"{file}: field {parent.FullName}::{name}");
            }
        }
        return missing;
    }

    private static Assembly? TryLoad(MetadataLoadContext context, AssemblyName name)
    {
        try
        {
            return context.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A member whose own signature names an assembly the context lacks is not the one looked for.</summary>
    private static bool Readable(Func<bool> matches)
    {
        try
        {
            return matches();
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static Type? Resolve(MetadataLoadContext context, MetadataReader reader, TypeReferenceHandle handle, Dictionary<EntityHandle, Type?> types)
    {
        if (types.TryGetValue(handle, out var known)) return known;
        var reference = reader.GetTypeReference(handle);
        Type? type = reference.ResolutionScope.Kind switch
        {
            HandleKind.AssemblyReference => TryLoad(context, reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).GetAssemblyName())
                ?.GetType(FullName(reader, handle), throwOnError: false),
            HandleKind.TypeReference => Resolve(context, reader, (TypeReferenceHandle)reference.ResolutionScope, types)
                ?.GetNestedType(reader.GetString(reference.Name), BindingFlags.Public | BindingFlags.NonPublic),
            _ => null,
        };
        return types[handle] = type;
    }

    private static Type? GenericDefinition(MetadataLoadContext context, MetadataReader reader, TypeSpecificationHandle handle, Dictionary<EntityHandle, Type?> types)
    {
        var blob = reader.GetBlobReader(reader.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null; // arrays and the like: members of the runtime's own
        blob.ReadSignatureTypeCode(); // class or value type
        var definition = blob.ReadTypeHandle();
        return definition.Kind == HandleKind.TypeReference ? Resolve(context, reader, (TypeReferenceHandle)definition, types) : null;
    }

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference) return FullName(reader, (TypeReferenceHandle)reference.ResolutionScope) + "+" + name;
        return reference.Namespace.IsNil ? name : reader.GetString(reference.Namespace) + "." + name;
    }

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType) yield return t;
        foreach (var face in type.GetInterfaces()) yield return face;
    }

    private static bool Matches(MethodBase method, MethodSignature<string> signature) =>
        (method.IsGenericMethodDefinition ? method.GetGenericArguments().Length : 0) == signature.GenericParameterCount &&
        method.GetParameters().Select(p => SignatureNames.Of(p.ParameterType)).SequenceEqual(signature.ParameterTypes) &&
        (method is not MethodInfo info || SignatureNames.Of(info.ReturnType) == signature.ReturnType);

    /// <summary>Types in signatures as comparable names: System.Int32, List`1&lt;!0&gt;, !!0[], T&amp;.</summary>
    private sealed class SignatureNames : ISignatureTypeProvider<string, object?>
    {
        public static string Of(Type type) =>
            type.IsGenericParameter ? (type.DeclaringMethod is null ? "!" : "!!") + type.GenericParameterPosition
            : type.IsByRef ? Of(type.GetElementType()!) + "&"
            : type.IsPointer ? Of(type.GetElementType()!) + "*"
            : type.IsArray ? Of(type.GetElementType()!) + (type.IsSZArray ? "[]" : $"[{new string(',', type.GetArrayRank() - 1)}]")
            : type.IsConstructedGenericType ? $"{Of(type.GetGenericTypeDefinition())}<{string.Join(",", type.GetGenericArguments().Select(Of))}>"
            : type.FullName!;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var definition = reader.GetTypeDefinition(handle);
            var name = reader.GetString(definition.Name);
            var outer = definition.GetDeclaringType();
            if (!outer.IsNil) return GetTypeFromDefinition(reader, outer, rawTypeKind) + "+" + name;
            return definition.Namespace.IsNil ? name : reader.GetString(definition.Namespace) + "." + name;
        }
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
    }
}
