"""Key Protect (the `kms` service): keys of Key Protect instances, scoped by the
`Bluemix-Instance` header, served at `/kms` (http/routes/platform/key_protect.py) from the API
table `key_protect` (generated from the `keyprotect` SDK).

KP differs from the generic convention in ways the engine here writes out: collection envelopes
(`{"metadata": {"collectionType", "collectionTotal"}, "resources": [...]}`) both ways, keys
scoped to an instance (a Resource Controller instance), ids as UUIDs and CRNs of the instance,
root and standard keys, key versions, key actions (wrap, unwrap, rewrap, rotate, disable,
enable, dual-authorization deletion), soft deletion (state 5) and KP's error shape
(errors.py). Modules: `instances` (which instance a request names), `crypto` (the wrapping
scheme), `keys` (keys and their actions), `rings` (key rings), `errors`.
"""
