"""The platform around the services: accounts and authorizations, user tags, the
activity log, and the stored resources of every other IBM type."""
