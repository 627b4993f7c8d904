package dev.metricsagent.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;

/**
 * A Spring filter's {@code doFilter(ServletRequest, ServletResponse, FilterChain)}, a request
 * entry: {@code OncePerRequestFilter} (required: every Spring MVC filter) and {@code
 * DelegatingFilterProxy} (Spring Security's chain; optional), hooked alike.
 */
final class FilterInstrumentation implements TypeInstrumentation {
  private final String typeName;
  private final boolean required;

  FilterInstrumentation(String typeName, boolean required) {
    this.typeName = typeName;
    this.required = required;
  }

  @Override
  public String typeName() {
    return typeName;
  }

  @Override
  public void advise(TypeAdvice advice) {
    net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription>
        doFilter =
            named("doFilter")
                .and(isPublic())
                .and(takesArguments(3))
                .and(takesArgument(0, named(SpringModule.SERVLET_REQUEST)))
                .and(takesArgument(1, named(SpringModule.SERVLET_RESPONSE)));
    if (required) {
      advice.required(doFilter, SpringEntryAdvice.class, "doFilter(...)");
    } else {
      advice.optional(doFilter, SpringEntryAdvice.class);
    }
  }
}
