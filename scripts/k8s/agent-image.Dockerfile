# The image of the init container: nothing but metrics-agent.jar, copied into the pod's shared
# volume at start. The application's own image stays as it is (see deployment.yaml).
#
#   scripts/build                                                         (from the repo root)
#   docker build -f scripts/k8s/agent-image.Dockerfile -t metrics-agent:0.1.0 agent/target
FROM busybox:1.36
COPY metrics-agent.jar /metrics-agent.jar
# busybox's cp; runs as any user, reads only its own file
ENTRYPOINT ["cp", "/metrics-agent.jar"]
