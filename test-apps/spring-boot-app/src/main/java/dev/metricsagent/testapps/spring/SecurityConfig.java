package dev.metricsagent.testapps.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /secure/**} needs the header {@code X-Token: t0ken}; without it Spring Security answers
 * 401 before the DispatcherServlet sees the request. Everything else is open.
 */
@Configuration
public class SecurityConfig {
  @Bean
  SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
    http.csrf(c -> c.disable())
        .authorizeHttpRequests(
            a -> a.requestMatchers("/secure/**").authenticated().anyRequest().permitAll())
        .addFilterBefore(new TokenFilter(), AuthorizationFilter.class)
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
    return http.build();
  }

  /** No generated password in the log: the token filter is the only way in. */
  @Bean
  UserDetailsService noUsers() {
    return new InMemoryUserDetailsManager(
        User.withUsername("nobody").password("{noop}unused").roles("NONE").build());
  }

  static final class TokenFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if ("t0ken".equals(request.getHeader("X-Token"))) {
        SecurityContextHolder.getContext()
            .setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(
                    "user", null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
      }
      chain.doFilter(request, response);
    }
  }
}
