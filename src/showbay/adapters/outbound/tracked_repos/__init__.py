"""GitHub REST API adapter: AiohttpGitHubGateway implements the GitHubGateway port."""
