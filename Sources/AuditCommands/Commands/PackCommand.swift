import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit pack`: build and verify the Stage 1 evidence pack.
struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Build the Stage 1 evidence pack, or verify one.",
        discussion: """
            `qmsaudit pack --out DIR` (the default subcommand, `build`) writes the pack; \
            `qmsaudit pack verify PACK` checks one.
            """,
        subcommands: [PackBuildCommand.self, PackVerifyCommand.self],
        defaultSubcommand: PackBuildCommand.self
    )
}

/// `qmsaudit pack build` (also plain `qmsaudit pack`).
struct PackBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write the Stage 1 evidence pack as a folder, a ZIP file, or both.",
        discussion: """
            The pack holds index.html (one self-contained page: organisation and scope, the N/A \
            register, readiness and its reasons, conformity per clause as a chart, the \
            mandatory documented information matrix, internal audit and management review, the \
            NC/CA register, open gaps, the evidence register with hashes), every register as \
            CSV and JSON under registers/, the journal (journal.jsonl), a README for the \
            certification body, SHA256SUMS, and manifest.json with the size and SHA-256 of \
            every file. --copy-evidence adds a copy of every evidence file that is on this \
            machine under evidence/EV-…/.

            The same audit packed as of the same day gives byte-identical files and ZIP: fixed \
            order, and every timestamp is the audit's last change. An existing --out folder is \
            replaced only if it is a pack (it holds manifest.json) or empty; nothing appears at \
            the destination until the pack is complete. A ZIP holds at most 65,535 files and \
            4 GiB; a bigger pack is written as a folder.

            Examples:
              qmsaudit pack --out stage1-pack
              qmsaudit pack --zip stage1-pack.zip --copy-evidence
              qmsaudit pack --out stage1-pack --zip stage1-pack.zip --as-of 2026-12-01
              qmsaudit pack --for certification-body --zip for-the-cb.zip
            """
    )

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "Who it is for: organisation (everything) or certification-body (no internal"
                + " conformity figures or readiness verdict).", valueName: "audience"))
    var audience: StageOnePack.Audience = .organisation

    @Option(help: ArgumentHelp("Write the pack into this folder.", valueName: "folder"))
    var out: String?

    @Option(help: ArgumentHelp("Write the pack as this ZIP file.", valueName: "file"))
    var zip: String?

    @Flag(help: "Copy the evidence files into the pack.")
    var copyEvidence = false

    @Option(help: "The day evidence review and action due dates are judged on (default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if out == nil && zip == nil {
            throw ValidationError("say where the pack goes: --out DIR, --zip FILE, or both")
        }
    }

    func run() throws {
        let file = try audit.open()
        let snapshot = try AuditSnapshot(file, asOf: asOf)
        var pack = snapshot.stageOnePack(
            journal: try file.journal(), asOf: asOf, copyEvidence: copyEvidence)
        pack.audience = audience
        pack.profile = try file.profile()
        pack.plan = try file.plan()
        let summary = try pack.write(folder: out, zip: zip)
        if let out { Console.print("\(out)/: \(describe(summary))") }
        if let zip {
            Console.print(
                "\(zip): " + (out == nil ? describe(summary) : "the same files as one ZIP"))
        }
        if !summary.notCopied.isEmpty {
            Console.printError(
                "warning: \(summary.notCopied.total.counted("evidence file")) could not be copied"
                    + " (missing): " + summary.notCopied.prefix(10).joined(separator: ", "))
        }
        Console.print(
            (audience.includesScoring
                ? "readiness: \(summary.card.readiness.verdict.rawValue)\n"
                : "for the certification body: conformity figures and readiness left out\n")
                + "manifest.json SHA-256: \(summary.manifestSHA256)\n"
                + "(send this hash separately; `qmsaudit pack verify PACK --manifest-sha256 HASH`"
                + " checks it)")
    }

    private func describe(_ summary: StageOnePack.Summary) -> String {
        "\((summary.files.count + 1).counted("file")) written"
            + (copyEvidence ? ", \(summary.copied.counted("evidence file")) copied" : "")
    }
}

/// `qmsaudit pack verify PACK`.
struct PackVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a pack (folder or ZIP) against its manifest and its journal's chain.",
        discussion: """
            Every file listed in manifest.json is re-hashed; files missing from the pack, \
            changed, or present but not listed are reported, and the journal's hash chain is \
            recomputed up to the head the manifest names. A ZIP is read in place, never \
            extracted; one with entries that have absolute paths or '..' is refused. Exit \
            status 0 when everything holds, 1 otherwise.

            Examples:
              qmsaudit pack verify stage1-pack
              qmsaudit pack verify stage1-pack.zip --manifest-sha256 3f2a…
            """
    )

    @Argument(help: ArgumentHelp("The pack: a folder or a ZIP file.", valueName: "pack"))
    var pack: String

    @Option(
        name: .customLong("manifest-sha256"),
        help: ArgumentHelp("The manifest's SHA-256 as the sender gave it.", valueName: "hex"))
    var manifestSHA256: String?

    func run() throws {
        let result = try PackVerifier.verify(
            path: pack, expectedManifestSHA256: manifestSHA256,
            chainProblem: { JournalEvent.chainProblem($0, head: $1) })
        var lines: [String] = []
        for path in result.changed { lines.append("changed  \(path)") }
        for path in result.missing { lines.append("missing  \(path)") }
        for path in result.extra { lines.append("extra    \(path)") }
        for path in result.duplicateEntries {
            lines.append(
                "twice    \(path) (the ZIP holds two entries of this name; neither is trusted)")
        }
        for path in result.duplicateListings {
            lines.append("twice    \(path) (the manifest lists it twice)")
        }
        if let problem = result.journalProblem { lines.append("journal  \(problem)") }
        if let problem = result.manifestProblem { lines.append("manifest \(problem)") }
        if !lines.isEmpty { Console.print(lines.joined(separator: "\n")) }
        Console.print(
            "\(pack): \(result.checked.counted("file")) checked, \(result.changed.count) changed,"
                + " \(result.missing.count) missing, \(result.extra.count) extra; journal "
                + (result.journalProblem == nil ? "chain intact" : "BROKEN")
                + "; manifest SHA-256 \(result.manifestSHA256)")
        if !result.isIntact { throw ExitCode(1) }
    }
}
