import ArgumentParser

/// "Did you mean" for a misspelt command, before ArgumentParser reports it as unexpected
/// arguments.
enum CommandSuggestion {
    /// The message for the first word of `arguments` that names no command where a command
    /// is expected, or `nil` when every command word is known (or a group takes positional
    /// arguments through its default subcommand).
    static func unknownCommand(in arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = QMSAuditCommand.self
        var path = ["qmsaudit"]
        for argument in arguments {
            let configuration = command.configuration
            guard !argument.hasPrefix("-"), !configuration.subcommands.isEmpty,
                argument != "help"
            else { return nil }
            if let next = configuration.subcommands.first(where: {
                $0.configuration.commandName == argument
            }) {
                command = next
                path.append(argument)
                continue
            }
            guard configuration.defaultSubcommand == nil else { return nil }
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            let near = names.map { ($0, distance(argument, $0)) }
                .filter { ($0.1 <= 2 && $0.1 < argument.count) || $0.0.hasPrefix(argument) }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            let listing = "'\(path.joined(separator: " ")) --help' lists them"
            if let best = near.first {
                return "unknown command '\(argument)'; did you mean '"
                    + (path + [best.0]).joined(separator: " ") + "'? (\(listing))"
            }
            return "unknown command '\(argument)'; the commands are "
                + names.joined(separator: ", ") + " (\(listing))"
        }
        return nil
    }

    /// The Levenshtein distance between two words: how many letters to insert, delete or
    /// change to turn one into the other.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(
                    previous[j] + 1, current[j - 1] + 1,
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
