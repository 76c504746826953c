package io.geoalert.producer.source;

import io.geoalert.model.ItemIds;
import io.geoalert.model.NewsItem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The example plug-in of the README: a source type, {@code example}, that publishes one item per
 * title in its {@code titles} option. A real plug-in ships in its own jar with the same
 * {@code META-INF/services} entry.
 */
public final class ExampleSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "example";
    }

    @Override
    public Source create(SourceSpec spec, Map<String, Object> options) {
        String titles = new Options(spec.id(), options).required("titles");
        List<NewsItem> items = Arrays.stream(titles.split("\\|"))
                .map(String::trim)
                .map(t -> new NewsItem(
                        ItemIds.fromKey(spec.id() + ":" + t),
                        spec.id(),
                        t,
                        null,
                        t,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
                .toList();
        return new BuiltinSources.SimpleSource(spec, () -> items);
    }
}
