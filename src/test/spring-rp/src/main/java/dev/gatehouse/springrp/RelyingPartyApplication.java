package dev.gatehouse.springrp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A web application that logs people in with Gatehouse the way Spring documents it: {@code oauth2Login()} with the
 * provider known only by its issuer URL (application.yaml), and RP-initiated logout through
 * {@link OidcClientInitiatedLogoutSuccessHandler}, which sends the browser to the provider's
 * {@code end_session_endpoint} with the ID token as hint and {@code /logged-out} as the post-logout redirect URI.
 * A failed log-in shows the OAuth error code on a page of its own (Spring's default page only says "Invalid credentials").
 */
@SpringBootApplication
public class RelyingPartyApplication {
    public static void main(String[] args) {
        SpringApplication.run(RelyingPartyApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logout.setPostLogoutRedirectUri("{baseUrl}/logged-out");
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/logged-out", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.failureHandler(Pages::loginFailed))
                .logout(l -> l.logoutSuccessHandler(logout));
        return http.build();
    }
}
