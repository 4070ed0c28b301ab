/// Case data the tests send, taken from the shipped scenarios in workflows/tests.

/// An online phone return sent on the seventh day after signing (return_seven_day.yaml):
/// the seven-day rule approves it at once. Start the clock at 2026-03-09T23:59:00+08:00.
let sevenDayReturn: JSON = [
    "customer.id": "C-1", "order.id": "SO-1", "order.channel": "online",
    "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "phone",
    "request.condition": "intact", "request.submitted_at": "2026-03-09T23:59:00+08:00",
]
let sevenDayReturnStart = "2026-03-09T23:59:00+08:00"

/// A store purchase (return_store_purchase_reviewed.yaml): no statutory right, so the desk
/// reviews it. Start the clock at 2026-03-04T10:00:00+08:00 (a Wednesday).
let storeReturn: JSON = [
    "customer.id": "C-40", "order.id": "SO-40", "order.channel": "store",
    "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "clothing",
    "request.condition": "intact", "request.submitted_at": "2026-03-04T10:00:00+08:00",
]
let storeReturnStart = "2026-03-04T10:00:00+08:00"

/// Replaces or adds fields of an object.
func with(_ base: JSON, _ changes: [String: JSON]) -> JSON {
    var o = base.object
    for (k, v) in changes { o[k] = v }
    return .object(o)
}

/// Removes fields of an object.
func without(_ base: JSON, _ keys: String...) -> JSON {
    var o = base.object
    for k in keys { o[k] = nil }
    return .object(o)
}
