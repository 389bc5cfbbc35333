#!/bin/sh
# Generated from the KappaAspire AppHost's application model by:
#   dotnet run --project KappaAspire.AppHost -- --publisher kubernetes --output-path deploy/kubernetes
# Do not edit: change the AppHost (or KappaAspire.AppHost/Kubernetes) and regenerate.
# Builds the service images into the local container runtime with the .NET SDK's container support.
# Run from the repository root. TAG (default latest) tags them; with REGISTRY set they are pushed there.
set -eu
TAG="${TAG:-latest}"
registry=""
if [ -n "${REGISTRY:-}" ]; then registry="-p:ContainerRegistry=$REGISTRY"; fi
dotnet publish services/KappaAspire.Inference/KappaAspire.Inference.csproj -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/inference -p:ContainerImageTag="$TAG" $registry
dotnet publish services/KappaAspire.Producer/KappaAspire.Producer.csproj -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/producer -p:ContainerImageTag="$TAG" $registry
dotnet publish services/KappaAspire.Inference/KappaAspire.Inference.csproj -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/reprocessor -p:ContainerImageTag="$TAG" $registry
dotnet publish services/KappaAspire.Trainer/KappaAspire.Trainer.csproj -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/trainer -p:ContainerImageTag="$TAG" $registry
dotnet publish services/KappaAspire.Viewer/KappaAspire.Viewer.csproj -c Release -t:PublishContainer -p:ContainerRepository=kappa-aspire/viewer -p:ContainerImageTag="$TAG" $registry
