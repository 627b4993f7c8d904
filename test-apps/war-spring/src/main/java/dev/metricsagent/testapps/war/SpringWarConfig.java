package dev.metricsagent.testapps.war;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

@Configuration
@EnableWebMvc
@Import(OwnerController.class)
public class SpringWarConfig {}
