package io.geoalert.consumer.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.consumer.delivery.DurableAppend;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Appends each alert as one JSON line, as the JSON-lines file sink does, and syncs the file to disk
 * before reporting it sent. A test delivery's lines carry {@code "test": true}. The file is opened
 * anew for every message, so log rotation needs no restart.
 */
public final class JsonLinesFileChannel implements Channel {

    private final Path file;

    public JsonLinesFileChannel(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public String type() {
        return "file";
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Outcome send(Delivery delivery) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Alert alert : delivery.alerts()) {
            if (delivery.test()) {
                ObjectNode marked = Json.MAPPER.valueToTree(alert);
                marked.put("test", true);
                lines.writeBytes(Json.toBytes(marked));
            } else {
                lines.writeBytes(Json.toBytes(alert));
            }
            lines.write('\n');
        }
        try {
            DurableAppend.append(file, ByteBuffer.wrap(lines.toByteArray()));
            return new Outcome.Sent(0);
        } catch (IOException e) {
            // a full or read-only disk may be fixed; the engine's retries and dead letters bound it
            return new Outcome.Retry(0, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }
}
