import CaseflowModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `caseflow graph`: the shipped workflows drawn in every format match their checked-in
/// drawings (`docs/graphs/`, shown by the README), and the drawings show what the issue asked
/// for — workflow-wide handlers as transitions, SLA clocks, child cases, timers with delays.
/// Run with CASEFLOW_UPDATE_SNAPSHOTS=1 to rewrite the drawings after a deliberate change.
@Suite("Workflow diagrams")
struct GraphTests {
    static let shipped = ["complaint", "repair", "return", "revisit"]

    static func definitions() -> Definitions {
        let paths = ["workflows", "rules"].map { PackagePaths.root.appendingPathComponent($0).path }
        return DefinitionCheck.run(paths: paths).definitions
    }

    @Test("each shipped workflow's drawing matches its snapshot", arguments: shipped, [WorkflowGraph.Format.svg, .mermaid])
    func snapshot(_ id: String, _ format: WorkflowGraph.Format) throws {
        let workflow = try #require(Self.definitions().workflow(id))
        let drawn = WorkflowGraph.render(workflow, as: format)
        let file = PackagePaths.root.appendingPathComponent("docs/graphs/\(id).\(format == .svg ? "svg" : "mmd")")
        if ProcessInfo.processInfo.environment["CASEFLOW_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try drawn.write(to: file, atomically: true, encoding: .utf8)
        }
        let stored = try String(contentsOf: file, encoding: .utf8)
        #expect(drawn == stored, "\(file.path) differs; look at the new drawing, then CASEFLOW_UPDATE_SNAPSHOTS=1 swift test --filter GraphTests")
    }

    @Test("an SVG drawing is well-formed XML", arguments: shipped)
    func wellFormed(_ id: String) throws {
        let workflow = try #require(Self.definitions().workflow(id))
        let parser = XMLParser(data: Data(WorkflowGraph.render(workflow, as: .svg).utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func theDrawingShowsHandlersClocksChildrenAndTimers() throws {
        let definitions = Self.definitions()
        let complaint = WorkflowDiagram(try #require(definitions.workflow("complaint")))
        // The workflow-wide `withdraw` is a transition from "any non-final state".
        #expect(complaint.edges.contains { $0.from == WorkflowDiagram.anyStateID && $0.to == "withdrawn" && $0.label == "withdraw" })
        #expect(complaint.edges.contains { $0.kind == .timer && $0.label.hasPrefix("after 5wd (cn)") })
        let resolution = try #require(complaint.clocks.first { $0.name == "resolution" })
        #expect(resolution.lines.contains("paused in waiting_for_customer"))
        #expect(resolution.lines.contains("warns 4h before"))
        #expect(resolution.lines.contains("on breach: task resolution_overdue (supervisors)"))
        let repair = WorkflowDiagram(try #require(definitions.workflow("repair")))
        #expect(repair.nodes.contains { $0.kind == .child && $0.name == "revisit" })
        #expect(repair.edges.contains { $0.kind == .startsChild && $0.to == "child:revisit" })
        #expect(repair.edges.contains { $0.kind == .timer && $0.label.hasPrefix("at period_end(") })
        let svg = WorkflowGraph.render(try #require(definitions.workflow("complaint")), as: .svg)
        for text in ["any non-final state", "SLA first_response", "after 5wd (cn)", "from any non-final state"] {
            #expect(svg.contains(text), "\(text)")
        }
        let dot = WorkflowGraph.render(try #require(definitions.workflow("repair")), as: .dot)
        #expect(dot.contains("\"child:revisit\" [label=\"revisit\\nchild case\", shape=component]"))
    }

    @Test func aWorkflowOfThousandsOfStatesIsLaidOutWithoutRecursion() throws {
        // A chain of 3,000 states with a way back from each: deep for any recursive walk.
        var text = "workflow: long\nversion: 1\nevents:\n  next: {}\n  back: {}\ninitial: s0\nstates:\n"
        for i in 0..<3_000 { text += "  s\(i):\n    on:\n      next: s\(i + 1)\n      back: s0\n" }
        text += "  s3000: {final: true}\n"
        var definitions = Definitions()
        var bag = DiagnosticBag()
        DefinitionLoader().load(text: text, path: "long.yaml", into: &definitions, bag: &bag)
        let workflow = try #require(definitions.workflow("long"))
        let svg = WorkflowGraph.render(workflow, as: .svg)
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains(">s3000</text>"))
    }
}
