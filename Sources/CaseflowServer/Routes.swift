import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// The HTTP API (JSON). With tokens configured, every call but `GET /healthz` needs
/// `Authorization: Bearer TOKEN` with a role that grants it (``Role``).
public enum Routes {
    /// Every route, as method and path pattern: what the router serves, what a wrong method is
    /// told it may use (405 with `Allow`), and what the API document must describe.
    public static let table: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/healthz"), (.get, "/metrics"), (.get, "/openapi.json"),
        (.post, "/v1/cases"), (.get, "/v1/cases"), (.get, "/v1/cases/:id"), (.get, "/v1/cases/:id/history"),
        (.post, "/v1/cases/:id/events"), (.get, "/v1/tasks"), (.post, "/v1/tasks/:id/complete"),
        (.post, "/v1/tasks/:id/claim"), (.post, "/v1/tasks/:id/unclaim"), (.post, "/v1/tasks/:id/assign"),
        (.post, "/v1/queues/:queue/claim"), (.post, "/v1/tasks/:id/heartbeat"),
        (.get, "/v1/workflows"), (.get, "/v1/customers/:id/cases"), (.post, "/v1/customers/:id/erase"), (.post, "/v1/admin/reload"),
        (.get, "/v1/feed"), (.get, "/v1/deliveries"), (.post, "/v1/deliveries/:id/redeliver"),
        (.get, "/v1/reports/kpi"), (.get, "/v1/reports/kpi.html"),
    ]

    public static func router(service: CaseService, store: any CaseStore, access: AccessControl,
                              registry: PrometheusCollectorRegistry, atWindow: AtWindow = AtWindow(),
                              maxPollWait: Duration = .seconds(60)) -> Router<CaseflowContext> {
        let router = Router(context: CaseflowContext.self)
        router.add(middleware: RequestShapeMiddleware())
        router.add(middleware: AuthenticateMiddleware(access: access))
        let reportedQueues = Mutex<Set<String>?>(nil)
        let readsAtRoot = router.group().add(middleware: RequirePermission(permission: .read))
        let v1 = router.group("v1")
        let reads = v1.group().add(middleware: RequirePermission(permission: .read))
        let sends = v1.group().add(middleware: RequirePermission(permission: .sendEvents))
        let completes = v1.group().add(middleware: RequirePermission(permission: .completeTasks))
        let claims = v1.group().add(middleware: RequirePermission(permission: .claimTasks))
        let assigns = v1.group().add(middleware: RequirePermission(permission: .assignTasks))
        let administers = v1.group().add(middleware: RequirePermission(permission: .administer))

        // Whether this daemon and its database answer: 503 while the database does not, so a
        // load balancer sends requests to the other daemons.
        router.get("healthz") { request, _ in
            try refuseQuery(request, allowed: [])
            do throws(StoreError) {
                try await store.ping()
                return json(["status": "ok", "database": "ok"])
            } catch {
                var response = respond(.serviceUnavailable, encode(["status": "unavailable", "database": error.message]))
                response.headers[.retryAfter] = "1"
                return response
            }
        }
        (access.openMetrics ? router.group() : readsAtRoot).get("metrics") { request, _ in
            try refuseQuery(request, allowed: [])
            let openTasks = MetricNameDescriptor(namespace: "caseflow", metricName: "open", unitName: "tasks",
                                                 helpText: "Open tasks by queue")
            let timersDue = MetricNameDescriptor(namespace: "caseflow", metricName: "timers", unitName: "due",
                                                 helpText: "Timers due and not yet fired")
            let pendingDeliveries = MetricNameDescriptor(namespace: "caseflow", metricName: "webhook", unitName: "pending",
                                                         helpText: "Webhook deliveries waiting for their (next) attempt")
            let deadDeliveries = MetricNameDescriptor(namespace: "caseflow", metricName: "webhook", unitName: "dead",
                                                      helpText: "Webhook deliveries given up (dead letters)")
            // The first scrape learns every queue that has had tasks (one pass over them all);
            // later ones count open tasks only, and a queue seen before that has none now falls
            // back to zero rather than keeping its gauge's last count. A failed read changes no
            // gauge (and the first pass is tried again next time).
            let first = reportedQueues.withLock { $0 == nil }
            if let open = try? await store.openTasksByQueue(everyQueue: first) {
                let queues = reportedQueues.withLock { reported in
                    reported = (reported ?? []).union(open.keys)
                    return reported ?? []
                }
                for queue in queues {
                    registry.makeGauge(descriptor: openTasks, labels: [("queue", queue.isEmpty ? "none" : queue)]).set(Int64(open[queue] ?? 0))
                }
            }
            // Likewise, a failed count of due timers leaves its gauge as it was.
            if let due = try? await store.countDueTimers(upTo: service.clock.now()) {
                registry.makeGauge(descriptor: timersDue).set(Int64(due))
            }
            // Deliveries waiting and given up, by subscription.
            if let counts = try? await store.deliveryCounts() {
                let names = Set(counts.keys).union(store.outbox.subscriptions.map(\.name))
                for name in names {
                    let c = counts[name] ?? DeliveryCounts(pending: 0, dead: 0)
                    registry.makeGauge(descriptor: pendingDeliveries, labels: [("subscription", name)]).set(Int64(c.pending))
                    registry.makeGauge(descriptor: deadDeliveries, labels: [("subscription", name)]).set(Int64(c.dead))
                }
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        readsAtRoot.get("openapi.json") { request, _ in
            try refuseQuery(request, allowed: [])
            return respond(.ok, APIDocument.bytes)
        }

        sends.post("cases") { request, context in
            try refuseQuery(request, allowed: [])
            let body = try await jsonBody(request, context, keys: ["workflow", "data", "id", "at"])
            guard case .string(let workflow)? = body["workflow"] else {
                throw APIError(.badRequest, "bad_request", "'workflow' is required: the id of a loaded workflow, e.g. \"return\"", field: "workflow")
            }
            let id = try optionalString(body, "id")
            if let id, !isValidID(id) {
                throw APIError(.badRequest, "bad_request", "a case id may use letters, digits and . _ : - (1 to 128 of them), so it can appear in URLs; got '\(id)'", field: "id")
            }
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = Actor(token: context.identity?.name, person: nil)
            return created(try await call { () throws(ServiceError) in
                try await service.createCase(workflow: workflow, id: id, data: data, at: at, actor: actor)
            })
        }

        sends.post("cases/:id/events") { request, context in
            try refuseQuery(request, allowed: [])
            let caseID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["type", "id", "data", "at", "actor"])
            guard case .string(let type)? = body["type"] else {
                throw APIError(.badRequest, "bad_request", "'type' is required: the event's name, e.g. \"goods_received\"", field: "type")
            }
            let eventID = try requestID(body)
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = try actorField(body, context)
            return ok(try await call { () throws(ServiceError) in
                try await service.applyEvent(caseID: caseID, name: type, eventID: eventID, data: data, at: at, actor: actor)
            })
        }

        reads.get("cases/:id") { request, context in
            try refuseQuery(request, allowed: [])
            let id = try pathID(context)
            guard let c = try await read({ () async throws(StoreError) in try await store.loadCase(id) }) else {
                throw APIError(.notFound, "not_found", "no case '\(id)'; check the id (GET /v1/cases lists cases)")
            }
            let children = try await read { () async throws(StoreError) in try await store.children(of: id) }
            return ok(JSONWriter.response(c, children: children))
        }

        reads.get("cases/:id/history") { request, context in
            try refuseQuery(request, allowed: [])
            let id = try pathID(context)
            let entries = try await read { () async throws(StoreError) in try await store.history(id) }
            if entries.isEmpty { throw APIError(.notFound, "not_found", "no case '\(id)'; check the id (GET /v1/cases lists cases)") }
            return ok(encode(entries.map(HistoryJSON.init)))
        }

        reads.get("cases") { request, _ in
            let searches = service.searchNames
            let q = try refuseQuery(request, allowed: ["workflow", "state", "open", "created_after", "created_before", "limit", "cursor"] + searches)
            let (limit, cursor) = (try limit(q["limit"]), try Cursor.decode(q["cursor"]))
            var filter = CaseFilter(workflow: q["workflow"], state: q["state"])
            if let open = q["open"] {
                guard open == "true" || open == "false" else {
                    throw APIError(.badRequest, "bad_request", "'open' must be true or false, not '\(open)'", field: "open")
                }
                filter.open = open == "true"
            }
            for name in ["created_after", "created_before"] {
                guard let text = q[name] else { continue }
                guard let time = Timestamp(rfc3339: text) else {
                    throw APIError(.badRequest, "bad_request", "'\(name)' must be a time with its zone, e.g. 2026-03-01T00:00:00+08:00", field: name)
                }
                if name == "created_after" { filter.createdAfter = time } else { filter.createdBefore = time }
            }
            for name in searches {
                guard let value = q[name] else { continue }
                guard !value.isEmpty else { throw APIError(.badRequest, "bad_request", "'\(name)' must not be empty", field: name) }
                filter.keys.append(SearchValue(name: name, value: value))
            }
            let page = try await read { () async throws(StoreError) in try await store.cases(filter, after: cursor, limit: limit) }
            return Cursor.paged(ok(JSONWriter.response(page.items)), next: page.next)
        }

        // A customer's whole history in one call: their cases of every workflow, and the child
        // cases those started (which may not carry the customer), each with its parent and children.
        reads.get("customers/:id/cases") { request, context in
            try refuseQuery(request, allowed: [])
            let customer = try pathID(context)
            guard let name = store.searchKeys.current.first(where: { $0.value == "customer.id" })?.key else {
                throw APIError(.notFound, "not_found", "no vocabulary field is searchable as the customer ('search: customer' on customer.id)")
            }
            let history = try await read { () async throws(StoreError) in try await CustomerHistory.load(customer, key: name, store: store) }
            if history.isEmpty { throw APIError(.notFound, "not_found", "no case of customer '\(customer)'") }
            var out: [UInt8] = Array("{\"cases\":[".utf8)
            for (i, entry) in history.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += JSONWriter.response(entry.case, children: entry.children)
            }
            out += Array("],\"customer\":".utf8) + encode(customer) + [UInt8(ascii: "}")]
            return ok(out)
        }

        reads.get("tasks") { request, _ in
            let q = try refuseQuery(request, allowed: ["queue", "status", "assignee", "due_before", "sort", "limit", "cursor"])
            let (limit, position) = (try limit(q["limit"]), try Cursor.decodePosition(q["cursor"]))
            if let status = q["status"], !["open", "completed", "cancelled"].contains(status) {
                throw APIError(.badRequest, "bad_request", "'status' must be open, completed or cancelled, not '\(status)'", field: "status")
            }
            if q["assignee"]?.isEmpty == true {
                throw APIError(.badRequest, "bad_request", "'assignee' must name an agent (their login), not be empty", field: "assignee")
            }
            var filter = TaskFilter(queue: q["queue"], status: q["status"], assignee: q["assignee"])
            if let text = q["due_before"] {
                guard let time = Timestamp(rfc3339: text) else {
                    throw APIError(.badRequest, "bad_request", "'due_before' must be a time with its zone, e.g. 2026-03-09T18:00:00+08:00", field: "due_before")
                }
                filter.dueBefore = time
            }
            if let text = q["sort"] {
                guard let order = TaskOrder(rawValue: text) else {
                    throw APIError(.badRequest, "bad_request", "'sort' must be due, priority or opened, not '\(text)'", field: "sort")
                }
                filter.order = order
            }
            let page = try await read { () async throws(StoreError) in try await store.tasks(filter, after: position, limit: limit) }
            let now = service.clock.now()
            return Cursor.paged(ok(encode(page.items.map { StoredTaskJSON($0, now: now) })), next: page.next, key: page.nextKey)
        }

        claims.post("tasks/:id/claim") { request, context in
            try refuseQuery(request, allowed: [])
            let taskID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["at", "actor"])
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = try actorField(body, context)
            // An admin (and anyone while authentication is off) may take any task.
            let identity = context.identity ?? .unauthenticated
            let groups: Set<String>? = identity.role == .admin ? nil : identity.candidateNames
            return ok(try await call { () throws(ServiceError) in try await service.claimTask(taskID, groups: groups, at: at, actor: actor) })
        }

        claims.post("tasks/:id/unclaim") { request, context in
            try refuseQuery(request, allowed: [])
            let taskID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["at", "actor"])
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = try actorField(body, context)
            // A supervisor (or an admin) may take back anyone's task.
            let override = (context.identity ?? .unauthenticated).role.permissions.contains(.assignTasks)
            return ok(try await call { () throws(ServiceError) in try await service.unclaimTask(taskID, override: override, at: at, actor: actor) })
        }

        // A worker takes the next free task of a queue with a lease; with `wait`, the call waits
        // up to that many seconds for one (a long poll), looking every 200 ms.
        claims.post("queues/:queue/claim") { request, context in
            try refuseQuery(request, allowed: [])
            guard let queue = context.parameters.get("queue"), !queue.isEmpty else {
                throw APIError(.badRequest, "bad_request", "the queue's name is missing from the path", field: "queue")
            }
            let body = try await jsonBody(request, context, keys: ["wait", "lease", "actor"])
            let wait = try seconds(body, "wait", in: 0...60, default: 0)
            let leaseSeconds = try seconds(body, "lease", in: 5...3600, default: 60)
            let actor = try actorField(body, context)
            let identity = context.identity ?? .unauthenticated
            let groups: Set<String>? = identity.role == .admin ? nil : identity.candidateNames
            let deadline = ContinuousClock.now + min(.seconds(wait), maxPollWait)
            while true {
                if let leased = try await call({ () throws(ServiceError) in
                    try await service.leaseTask(queue: queue, groups: groups, seconds: leaseSeconds, actor: actor)
                }) {
                    return ok(encode(LeasedTaskJSON(task: StoredTaskJSON(leased.task, now: service.clock.now()),
                                                    lease: LeaseJSON(token: leased.token, until: leased.until.rfc3339, worker: leased.worker))))
                }
                guard ContinuousClock.now < deadline, !Task.isCancelled else { return Response(status: .noContent) }
                try await Task.sleep(for: min(.milliseconds(200), deadline - ContinuousClock.now))
            }
        }

        claims.post("tasks/:id/heartbeat") { request, context in
            try refuseQuery(request, allowed: [])
            let taskID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["lease", "extend"])
            guard let token = try optionalString(body, "lease"), !token.isEmpty else {
                throw APIError(.badRequest, "bad_request", "'lease' is required: the lease token the queue claim gave", field: "lease")
            }
            let extend = try seconds(body, "extend", in: 5...3600, default: 60)
            let until = try await call { () throws(ServiceError) in try await service.renewLease(task: taskID, token: token, seconds: extend) }
            return ok(encode(["until": until.rfc3339]))
        }

        assigns.post("tasks/:id/assign") { request, context in
            try refuseQuery(request, allowed: [])
            let taskID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["to", "at", "actor"])
            guard case .string(let to)? = body["to"], !to.isEmpty, to.count <= 200 else {
                throw APIError(.badRequest, "bad_request", "'to' is required: the login of the agent who takes the task (1 to 200 characters)", field: "to")
            }
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = try actorField(body, context)
            return ok(try await call { () throws(ServiceError) in try await service.assignTask(taskID, to: to, at: at, actor: actor) })
        }

        completes.post("tasks/:id/complete") { request, context in
            try refuseQuery(request, allowed: [])
            let taskID = try pathID(context)
            let body = try await jsonBody(request, context, keys: ["outcome", "id", "data", "at", "actor", "lease"])
            guard case .string(let outcome)? = body["outcome"] else {
                throw APIError(.badRequest, "bad_request", "'outcome' is required: one of the task's outcomes", field: "outcome")
            }
            let requestID = try requestID(body)
            let data = try dataField(body, "data")
            let at = try timeField(body, "at", within: atWindow, for: context.identity, now: service.clock.now())
            let actor = try actorField(body, context)
            let lease = try optionalString(body, "lease")
            return ok(try await call { () throws(ServiceError) in
                try await service.completeTask(taskID, outcome: outcome, data: data, requestID: requestID, at: at, actor: actor,
                                               override: (context.identity ?? .unauthenticated).role == .admin, lease: lease)
            })
        }

        reads.get("workflows") { request, _ in
            try refuseQuery(request, allowed: [])
            let list = await service.workflowVersions().map { WorkflowJSON(id: $0.id, versions: $0.versions, title: $0.title, timezone: $0.timezone) }
            return ok(encode(list))
        }

        administers.post("customers/:id/erase") { request, context in
            try refuseQuery(request, allowed: [])
            let customer = try pathID(context)
            let actor = Actor(token: context.identity?.name, person: nil)
            let (erased, fields) = try await call { () throws(ServiceError) in try await service.eraseCustomer(customer, actor: actor) }
            return ok(encode(ErasureJSON(erased: erased, fields: fields)))
        }

        notificationRoutes(reads: reads, administers: administers, service: service, store: store, maxPollWait: maxPollWait)
        reportRoutes(reads: reads, service: service, store: store)

        administers.post("admin/reload") { request, _ in
            try refuseQuery(request, allowed: [])
            let loaded = try await call { () throws(ServiceError) in try await service.reload() }
            return ok(encode(["reloaded": loaded]))
        }
        return router
    }

    struct LeaseJSON: Encodable {
        let token: String
        let until: String
        let worker: String
    }

    struct LeasedTaskJSON: Encodable {
        let task: StoredTaskJSON
        let lease: LeaseJSON
    }

    struct ErasureJSON: Encodable {
        let erased: [String]
        let fields: [String]
    }

    struct WorkflowJSON: Encodable {
        let id: String
        let versions: [Int]
        let title: String?
        /// The zone the workflow counts calendar days in, for showing its times to people.
        let timezone: String?
    }
}
