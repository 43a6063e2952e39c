/// Builds namespace patterns for a registration from localpart templates.
///
/// A template is a localpart in which `{{.}}` stands for the bridge-chosen part
/// (`irc_{{.}}` → `@irc_alice:example.org`). The patterns are Python `re` syntax: Synapse compiles
/// them with `re` and tests them with `match`, which anchors at the start only, so each ends in `$`.
public enum NamespaceRegex {
    /// The placeholder a template uses for the variable part.
    public static let placeholder = "{{.}}"

    /// `@<template>:<server>$`, for the `users` namespace.
    public static func users(localpartTemplate: String, server: String) -> String {
        "@" + pattern(localpartTemplate: localpartTemplate, server: server)
    }

    /// `#<template>:<server>$`, for the `aliases` namespace.
    public static func aliases(localpartTemplate: String, server: String) -> String {
        "#" + pattern(localpartTemplate: localpartTemplate, server: server)
    }

    /// Escapes every regex metacharacter so `string` matches only itself.
    public static func escape(_ string: String) -> String {
        var escaped = ""
        for character in string {
            if metacharacters.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private static let metacharacters: Set<Character> = ["\\", ".", "^", "$", "*", "+", "?", "{", "}", "[", "]", "|", "(", ")"]

    private static func pattern(localpartTemplate: String, server: String) -> String {
        let literalParts = localpartTemplate.split(separator: placeholder, omittingEmptySubsequences: false)
        let localpart = literalParts.map { escape(String($0)) }.joined(separator: ".*")
        return localpart + ":" + escape(server) + "$"
    }
}
