/// One option an importer takes on the command line (`--sheet Records`), declared in the
/// importer's own folder: its name, its help and what its value may be.
///
/// The command line offers each importer's options under `qmsaudit import NAME`, parses them
/// by these declarations (`ImportOptions.parse`) and hands the importer the values: adding an
/// importer, or an option to one, never touches the command layer.
public struct ImportOption: Sendable, Hashable {
    /// What the option takes.
    public enum Value: Sendable, Hashable {
        /// Nothing: present or not (`--skip-bad-rows`).
        case flag
        /// Any text.
        case text
        /// A whole number no smaller than the given one.
        case integer(minimum: Int)
        /// A number of seconds or the like, greater than zero.
        case positiveNumber
        /// One of a few words, as typed.
        case choice([String])
    }

    /// The long name without dashes: `sheet` is `--sheet`.
    public var name: String
    /// What the value is called in help: `name-or-number`.
    public var valueName: String
    /// One or two sentences for `--help`.
    public var help: String
    /// What the option takes.
    public var value: Value
    /// Whether it may be given more than once (each value kept, in order).
    public var repeatable: Bool

    /// Declares an option that takes a value.
    public static func value(
        _ name: String, _ valueName: String, _ value: Value = .text, repeatable: Bool = false,
        help: String
    ) -> ImportOption {
        ImportOption(
            name: name, valueName: valueName, help: help, value: value, repeatable: repeatable)
    }

    /// `--no-infer`: the importers that find clauses from names and titles take it.
    public static let noInfer = flag(
        "no-infer",
        help: "Find no clause from names and titles; only clause columns and rules count.")

    /// Declares a flag.
    public static func flag(_ name: String, help: String) -> ImportOption {
        ImportOption(name: name, valueName: "", help: help, value: .flag, repeatable: false)
    }
}

/// A problem with the options given to an importer: the command line reports it as bad
/// usage, with the importer's help.
public struct ImportUsageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, for people.
    public var description: String
    /// The option given that the importer does not take (`--sheet`), when that is what is
    /// wrong: the command line may know which importer does take it.
    public var unknownOption: String?

    /// Creates the error.
    public init(_ description: String, unknownOption: String? = nil) {
        self.description = description
        self.unknownOption = unknownOption
    }
}

/// The options an importer was given, parsed by its declarations: the values it reads.
public struct ImportOptions: Sendable, Hashable {
    /// Every value by option name, in the order given; a flag given once has one empty value.
    public private(set) var values: [String: [String]]
    /// The arguments after `--`, for importers that pass them on (a plugin's arguments).
    public var passthrough: [String]

    /// Options with the given values (for programs and tests; the command line uses `parse`).
    public init(_ values: [String: [String]] = [:], passthrough: [String] = []) {
        self.values = values
        self.passthrough = passthrough
    }

    /// The value of `name` (the last, if given more than once), or `nil`.
    public func text(_ name: String) -> String? {
        values[name]?.last
    }

    /// Every value of `name`, in order.
    public func texts(_ name: String) -> [String] {
        values[name] ?? []
    }

    /// The value of `name` as a whole number, or `nil`.
    public func integer(_ name: String) -> Int? {
        text(name).flatMap { Int($0) }
    }

    /// The value of `name` as a number, or `nil`.
    public func number(_ name: String) -> Double? {
        text(name).flatMap { Double($0) }
    }

    /// Whether the flag `name` was given.
    public func flag(_ name: String) -> Bool {
        values[name] != nil
    }

    /// Sets `name` to `value`, replacing what it had.
    public mutating func set(_ name: String, _ value: String?) {
        values[name] = value.map { [$0] }
    }

    /// Reads `arguments` — the source, then options in any order, and after `--` arguments to
    /// pass on — by the importer's declarations.
    ///
    /// `--name value`, `--name=value` and flags are read; each value is checked against its
    /// declaration.
    ///
    /// - Parameters:
    ///   - arguments: what followed `qmsaudit import NAME`, without the options the command
    ///     line itself reads (`--audit`, `--dry-run`).
    ///   - declared: the importer's options.
    ///   - passesThrough: whether arguments after `--` are allowed.
    /// - Returns: the source (`nil` when none was given) and the options.
    /// - Throws: `ImportUsageError` naming the first problem.
    public static func parse(
        _ arguments: [String], declared: [ImportOption], passesThrough: Bool
    ) throws(ImportUsageError) -> (source: String?, options: ImportOptions) {
        var options = ImportOptions()
        var source: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                guard passesThrough else {
                    throw ImportUsageError("arguments after '--' are for 'import plugin'")
                }
                options.passthrough = Array(arguments[index...])
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                guard source == nil else {
                    throw ImportUsageError(
                        "unexpected argument '\(argument)': give one source"
                            + (argument.contains(" ") ? "" : " (quote a name with spaces)"))
                }
                source = argument
                continue
            }
            var name = String(argument.drop(while: { $0 == "-" }))
            var attached: String?
            if let equals = name.firstIndex(of: "=") {
                attached = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard argument.hasPrefix("--"), let option = declared.first(where: { $0.name == name })
            else {
                throw ImportUsageError(unknown: argument, declared: declared)
            }
            if option.value == .flag {
                guard attached == nil else {
                    throw ImportUsageError("--\(name) takes no value")
                }
                options.values[name] = [""]
                continue
            }
            let value: String
            if let attached {
                value = attached
            } else {
                guard index < arguments.count else {
                    throw ImportUsageError(
                        "--\(name) needs a value: --\(name) <\(option.valueName)>")
                }
                value = arguments[index]
                index += 1
            }
            let checked = try option.check(value)
            if option.repeatable {
                options.values[name, default: []].append(checked)
            } else {
                guard options.values[name] == nil else {
                    throw ImportUsageError("--\(name) is given twice; give it once")
                }
                options.values[name] = [checked]
            }
        }
        return (source, options)
    }
}

extension ImportOption {
    /// `value` as the importer gets it, checked against the declaration.
    func check(_ value: String) throws(ImportUsageError) -> String {
        switch self.value {
        case .flag, .text:
            return value
        case .integer(let minimum):
            guard let number = Int(value), number >= minimum else {
                throw ImportUsageError(
                    "--\(name) is a whole number, \(minimum) or more; found '\(value)'")
            }
            return String(number)
        case .positiveNumber:
            guard let number = Double(value), number > 0, number.isFinite else {
                throw ImportUsageError("--\(name) is a number greater than 0; found '\(value)'")
            }
            return value
        case .choice(let words):
            guard words.contains(value) else {
                let shown = words.filter { $0.allSatisfy { !$0.isWhitespace } }.map { "'\($0)'" }
                throw ImportUsageError(
                    "--\(name) is " + shown.joined(separator: ", ") + "; found '\(value)'")
            }
            return value
        }
    }
}

extension ImportUsageError {
    /// An option the importer does not take, with the nearest it does.
    init(unknown argument: String, declared: [ImportOption]) {
        let given = argument.drop(while: { $0 == "-" }).prefix { $0 != "=" }
        let names = declared.map(\.name)
        var message = "unknown option '\(argument.prefix { $0 != "=" })'"
        if let near = names.min(by: {
            Self.distance(given, $0) < Self.distance(given, $1)
        }), Self.distance(given, near) <= max(2, near.count / 3) {
            message += "; did you mean '--\(near)'?"
        } else if names.isEmpty {
            message += "; this importer takes no options of its own"
        } else {
            message += "; its options are " + names.map { "--" + $0 }.joined(separator: ", ")
        }
        self.init(message, unknownOption: String(given))
    }

    /// The edit distance between two words (insertions, deletions, substitutions).
    public static func distance(_ left: some StringProtocol, _ right: some StringProtocol) -> Int {
        let (a, b) = (Array(left), Array(right))
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
