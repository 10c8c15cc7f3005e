package main

// The provider builds a state from the XML libvirt reports, with its generated FromXML code and
// the planned (or prior) value as "user intent". Each helper here is one shape of that code:
//
//	Required, Computed          libvirt's value, always (a plain assignment in the resource code)
//	Optional                    readIfSet: libvirt's value if the user set it (known or not), else null
//	value+unit (memory, vcpu,
//	os.type..., cpu.mode)       keptAsPlanned: never read back
//	Optional+Computed value     plannedOrReported (volume capacity)
//	nested object               nestedObject: converted from libvirt's element if the user set it
//	                            and libvirt reports it; kept as planned if libvirt omits it
//	list of nested objects      nestedList: element by element, paired by position (inOrder)
//	                            or, for domain disks, by target (disksByKey)

// readIfSet is an Optional attribute: what libvirt reports, when the user set one.
func readIfSet(planned, reported any) any {
	if !isSet(planned) {
		return nil
	}
	return reported
}

// keptAsPlanned is a flattened value+unit attribute (and cpu.mode): the planned value when known.
func keptAsPlanned(planned any) any {
	if !isKnown(planned) {
		return nil
	}
	return planned
}

// plannedOrReported is a flattened Optional value the schema also marks Computed: libvirt's
// value fills it only when the user gave none. Where the served schema does not mark it
// Computed, it stays null instead, or Terraform would reject the new state.
func plannedOrReported(planned, reported any, computed bool) any {
	if isKnown(planned) {
		return planned
	}
	if !computed {
		return nil
	}
	return reported
}

// nestedObject is a nested attribute: null unless the user set it.
func nestedObject(planned any, reported bool, convert func(planned object) object) any {
	if !isKnown(planned) {
		return nil
	}
	if !reported {
		return planned
	}
	return convert(planned.(object))
}

// pairing says which reported element each planned element is read back from, as
// [planned, reported] index pairs.
type pairing func(planned list) [][2]int

// inOrder pairs the first min(reported, planned) elements position by position: the generated
// code's rule for every list but disks. A list libvirt reorders or extends reads back different
// from the plan.
func inOrder(reported int) pairing {
	return func(planned list) [][2]int {
		var pairs [][2]int
		for i := 0; i < min(reported, len(planned)); i++ {
			pairs = append(pairs, [2]int{i, i})
		}
		return pairs
	}
}

// nestedList is a list of nested objects the user set, each converted against its reported
// element; one the user did not set stays null.
func nestedList(planned any, pair pairing, convert func(reported int, planned object) object) any {
	if !isKnown(planned) {
		return nil
	}
	plannedElements := planned.(list)
	out := list{}
	for _, p := range pair(plannedElements) {
		element, _ := plannedElements[p[0]].(object)
		out = append(out, convert(p[1], element))
	}
	return out
}

// nonEmpty is how the generated code reads an XML string: an empty one is null.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optionalUint(p *uint) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}
