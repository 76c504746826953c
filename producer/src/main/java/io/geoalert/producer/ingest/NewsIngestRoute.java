package io.geoalert.producer.ingest;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.Route;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.publish.NewsPublisher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/news}: validates the whole body, publishes every item, and answers 202 with
 * the ids once Kafka has acknowledged them (503 when it does not in time).
 */
public final class NewsIngestRoute implements Route {

    private final NewsPublisher publisher;

    public NewsIngestRoute(NewsPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws InterruptedException {
        List<NewsItem> items = NewsPayload.parse(request.body());
        List<CompletableFuture<?>> sends = items.stream().<CompletableFuture<?>>map(publisher::publish).toList();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ApiException(503, null, "Kafka did not accept the items: " + cause.getMessage());
        }
        return HttpResponse.json(202, Map.of("accepted", items.size(), "ids", items.stream().map(NewsItem::id).toList()));
    }
}
