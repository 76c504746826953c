package io.geoalert.http;

/** One HTTP route's logic. Throw {@link ApiException} to refuse a request. */
@FunctionalInterface
public interface Route {
    HttpResponse handle(HttpRequest request) throws Exception;
}
