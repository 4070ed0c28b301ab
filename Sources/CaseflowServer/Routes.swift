import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// The HTTP API (JSON). Mutating calls need `Authorization: Bearer TOKEN` when a token is set.
public enum Routes {
    public static func router(service: CaseService, store: any CaseStore, token: String?,
                              registry: PrometheusCollectorRegistry, atWindow: AtWindow = AtWindow()) -> Router<CaseflowContext> {
        let router = Router(context: CaseflowContext.self)
        let reportedQueues = Mutex<Set<String>?>(nil)
        let api = router.group("v1")

        router.get("healthz") { _, _ in json(["status": "ok"]) }
        router.get("metrics") { _, _ in
            let openTasks = MetricNameDescriptor(namespace: "caseflow", metricName: "open", unitName: "tasks",
                                                 helpText: "Open tasks by queue")
            let timersDue = MetricNameDescriptor(namespace: "caseflow", metricName: "timers", unitName: "due",
                                                 helpText: "Timers due and not yet fired")
            // The first scrape learns every queue that has had tasks (one pass over them all);
            // later ones count open tasks only, and a queue seen before that has none now falls
            // back to zero rather than keeping its gauge's last count. A failed read changes no
            // gauge (and the first pass is tried again next time).
            let first = reportedQueues.withLock { $0 == nil }
            if let open = try? store.openTasksByQueue(everyQueue: first) {
                let queues = reportedQueues.withLock { reported in
                    reported = (reported ?? []).union(open.keys)
                    return reported ?? []
                }
                for queue in queues {
                    registry.makeGauge(descriptor: openTasks, labels: [("queue", queue.isEmpty ? "none" : queue)]).set(Int64(open[queue] ?? 0))
                }
            }
            // Likewise, a failed count of due timers leaves its gauge as it was.
            if let due = try? store.countDueTimers(upTo: service.clock.now()) {
                registry.makeGauge(descriptor: timersDue).set(Int64(due))
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }

        api.post("cases") { request, context in
            try authorize(request, token)
            let body = try await jsonBody(request, context)
            guard case .string(let workflow)? = body["workflow"] else {
                throw APIError(.badRequest, "bad_request", "'workflow' is required: the id of a loaded workflow, e.g. \"return\"", field: "workflow")
            }
            let id = try optionalString(body, "id")
            if let id, !isValidID(id) {
                throw APIError(.badRequest, "bad_request", "a case id may use letters, digits and . _ : - (1 to 128 of them), so it can appear in URLs; got '\(id)'", field: "id")
            }
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, now: service.clock.now())
            return created(try await call { () throws(ServiceError) in try await service.createCase(workflow: workflow, id: id, data: data, at: at) })
        }

        api.post("cases/:id/events") { request, context in
            try authorize(request, token)
            let caseID = try context.parameters.require("id")
            let body = try await jsonBody(request, context)
            guard case .string(let type)? = body["type"] else {
                throw APIError(.badRequest, "bad_request", "'type' is required: the event's name, e.g. \"goods_received\"", field: "type")
            }
            let eventID = try optionalString(body, "id")
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, now: service.clock.now())
            return ok(try await call { () throws(ServiceError) in
                try await service.applyEvent(caseID: caseID, name: type, eventID: eventID, data: data, at: at)
            })
        }

        api.get("cases/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let c = try read({ () throws(StoreError) in try store.loadCase(id) }) else {
                throw APIError(.notFound, "not_found", "no case '\(id)'; check the id (GET /v1/cases lists cases)")
            }
            return ok(JSONWriter.response(c))
        }

        api.get("cases/:id/history") { _, context in
            let id = try context.parameters.require("id")
            let entries = try read { () throws(StoreError) in try store.history(id) }
            if entries.isEmpty { throw APIError(.notFound, "not_found", "no case '\(id)'; check the id (GET /v1/cases lists cases)") }
            return ok(encode(entries.map(HistoryJSON.init)))
        }

        api.get("cases") { request, _ in
            let q = request.uri.queryParameters
            let cases = try read { () throws(StoreError) in
                try store.cases(workflow: q["workflow"].map(String.init), state: q["state"].map(String.init), limit: limit(q["limit"]))
            }
            return ok(JSONWriter.response(cases))
        }

        api.get("tasks") { request, _ in
            let q = request.uri.queryParameters
            let tasks = try read { () throws(StoreError) in
                try store.tasks(queue: q["queue"].map(String.init), status: q["status"].map(String.init), limit: limit(q["limit"]))
            }
            return ok(encode(tasks.map(StoredTaskJSON.init)))
        }

        api.post("tasks/:id/complete") { request, context in
            try authorize(request, token)
            let taskID = try context.parameters.require("id")
            let body = try await jsonBody(request, context)
            guard case .string(let outcome)? = body["outcome"] else {
                throw APIError(.badRequest, "bad_request", "'outcome' is required: one of the task's outcomes", field: "outcome")
            }
            let requestID = try optionalString(body, "id")
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, now: service.clock.now())
            return ok(try await call { () throws(ServiceError) in
                try await service.completeTask(taskID, outcome: outcome, data: data, requestID: requestID, at: at)
            })
        }

        api.get("workflows") { _, _ in
            let list = await service.workflowVersions().map { WorkflowJSON(id: $0.id, versions: $0.versions, title: $0.title) }
            return ok(encode(list))
        }

        api.post("admin/reload") { request, _ in
            try authorize(request, token)
            let loaded = try await call { () throws(ServiceError) in try await service.reload() }
            return ok(encode(["reloaded": loaded]))
        }
        return router
    }

    struct WorkflowJSON: Encodable {
        let id: String
        let versions: [Int]
        let title: String?
    }
}
