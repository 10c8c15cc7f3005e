package main

// How the provider's generated ToXML code reads a planned value: any value that is not null goes
// into the XML, and an unknown one (a Computed attribute at create) as its zero value. So the
// provider creates a volume with <allocation>0</allocation> (a sparse file) and defines a domain
// with id 0, and so does the stand-in.

func xmlString(v any) (string, bool) {
	s, _ := v.(string)
	return s, isSet(v)
}

func xmlUint(v any) (uint, bool) {
	i, _ := v.(int64)
	return uint(i), isSet(v)
}

func xmlUintPointer(v any) *uint {
	if i, set := xmlUint(v); set {
		return &i
	}
	return nil
}

func xmlTrue(v any) bool {
	b, _ := v.(bool)
	return b
}
