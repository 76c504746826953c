package io.geoalert.streams.match;

import io.geoalert.streams.rules.Rule;

/** A rule with its condition compiled. */
record CompiledRule(Rule rule, Node condition) {}
