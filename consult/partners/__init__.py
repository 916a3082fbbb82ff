"""Partner channels (a ward's hotline desk, a mass organisation, a mobile app) sending opinions through the API with
keys an administrator issues, scopes to one agency's drafts (or a few of them) and can revoke."""
