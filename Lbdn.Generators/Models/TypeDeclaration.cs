namespace Lbdn.Generators.Models;

/// <summary>A type declaration to reopen as partial: its keyword ("class", "record struct", ...) and name with type parameters.</summary>
public sealed record TypeDeclaration(string Keyword, string Name);
