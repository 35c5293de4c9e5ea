"""The generic resource engine: every collection of the API table (api_table/vpc.json) that no
emulated route serves, kept in the same store, context and account/region partitions as the
emulated types (so reset, state snapshots, faults and activity events apply to it too); and
the collections of the platform services' tables (context-based restrictions, Resource
Controller, IAM Identity, Access Groups, DNS Services, Transit Gateway), served under their
prefixes of the mock's root (http/routes/platform_generic.py).

- service.py: which table is being served (the VPC API's unless a platform request set
  another), the caches per service, and each service's conventions (mount, CRN name, ids);

- collections.py: the collections, singletons and actions, derived once from the table's
  operations (and the dispatch of a method and path to an operation);
- models.py: the table's models: properties, variants, the variant a value is;
- validation.py: a request body against its model (400s naming the property);
- references.py: identities resolved to what the account holds (generic or emulated tables,
  the catalogue), and a resource in a reference's shape;
- values.py, addresses.py: what the service fills in (ids, CRNs, hrefs, ready states; a
  subnet's next free address or one of the public pool);
- documents.py: a prototype made into the document kept (the answer's shape);
- relations.py: what a resource shows of others (children, members, referrers), what holds it;
- resources.py: create, get, list, update, delete, bind, actions and singletons;
- behaviours.py: per-collection behaviour beyond the generic, each hook small;
- vpc_defaults.py: a VPC's default security group, network ACL and routing table;
- interfaces.py: emulated resources' network interfaces as generic documents (an instance's
  primary network interface and network attachments, a share mount target's virtual network
  interface), and an interface's primary IP as a reserved IP of its subnet;
- operations.py: the operations that are neither CRUD, singleton nor state action (CIDR lists,
  statistics, console tokens, a bare metal server's firmware and initialization, ...).
"""
