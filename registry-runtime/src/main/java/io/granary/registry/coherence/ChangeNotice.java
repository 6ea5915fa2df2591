package io.granary.registry.coherence;

/**
 * One change as it travels between replicas: which process made it, what kind of cached thing it
 * touches (the topic) and which one (the key). Encoded as one PostgreSQL NOTIFY payload.
 */
record ChangeNotice(String origin, String topic, String key) {

    /** PostgreSQL refuses payloads of 8000 bytes or more; a longer key is announced as "drop all". */
    static final int MAX_PAYLOAD_BYTES = 7900;

    /** The topic that tells every replica to drop everything it caches. */
    static final String EVERYTHING = "*";

    String encode() {
        String payload = origin + '\n' + topic + '\n' + key;
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            return origin + '\n' + EVERYTHING + '\n';
        }
        return payload;
    }

    /** The notice in a payload, or null when the payload is not one of ours. */
    static ChangeNotice decode(String payload) {
        int first = payload.indexOf('\n');
        int second = first < 0 ? -1 : payload.indexOf('\n', first + 1);
        if (second < 0) {
            return null;
        }
        return new ChangeNotice(payload.substring(0, first), payload.substring(first + 1, second),
                payload.substring(second + 1));
    }
}
