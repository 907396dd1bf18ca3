package dev.sightline.alerting.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One FIFO queue of notifications per receiver, at most one attempt in flight per receiver: a receiver that is
 * down holds up only its own queue, and a group's resolved notice never overtakes its firing one. Not
 * thread-safe: {@link Notifications} calls it under its lock.
 */
final class DeliveryQueues {
    private final Map<String, Deque<Notification>> queues = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    void add(Notification n) {
        queues.computeIfAbsent(n.receiver(), k -> new ArrayDeque<>()).addLast(n);
    }

    /** The head of each receiver's queue that is due and not already being sent; marks them in flight. */
    List<Notification> takeDue(long now) {
        List<Notification> out = new ArrayList<>();
        queues.forEach((receiver, q) -> {
            Notification head = q.peekFirst();
            if (head != null && head.nextAttemptAt() <= now && inFlight.add(receiver)) {
                out.add(head);
            }
        });
        return out;
    }

    /** The attempt on {@code n} ended: it leaves the queue, or (when {@code retry} is not null) waits for it. */
    void finished(Notification n, Notification retry) {
        inFlight.remove(n.receiver());
        Deque<Notification> q = queues.get(n.receiver());
        if (q == null || q.peekFirst() == null || q.peekFirst().id() != n.id()) {
            return;
        }
        q.removeFirst();
        if (retry != null) {
            q.addFirst(retry);
        } else if (q.isEmpty()) {
            queues.remove(n.receiver());
        }
    }

    /** Every queued notification, queue by queue in order (for the state file). */
    List<Notification> all() {
        List<Notification> out = new ArrayList<>();
        queues.values().forEach(out::addAll);
        return out;
    }

    int size() {
        int n = 0;
        for (Deque<Notification> q : queues.values()) {
            n += q.size();
        }
        return n;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}
