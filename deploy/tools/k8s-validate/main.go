// k8s-validate checks Kubernetes manifests offline by decoding every document strictly
// into the typed structs of k8s.io/api: an unknown or misspelt field, a wrong type or an
// unsupported kind fails. (Schema validators such as kubeconform fetch their schemas from
// the network, which this project's machines cannot reach.)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

func target(apiVersion, kind string) (interface{}, error) {
	switch apiVersion + "/" + kind {
	case "v1/Namespace":
		return &corev1.Namespace{}, nil
	case "v1/Service":
		return &corev1.Service{}, nil
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, nil
	case "v1/Secret":
		return &corev1.Secret{}, nil
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, nil
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, nil
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, nil
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, nil
	}
	return nil, fmt.Errorf("unsupported kind %s %s", apiVersion, kind)
}

func split(data []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "---" {
			docs = append(docs, append([]byte(nil), cur.Bytes()...))
			cur.Reset()
			continue
		}
		cur.WriteString(line + "\n")
	}
	docs = append(docs, cur.Bytes())
	return docs
}

func main() {
	var data []byte
	var err error
	if len(os.Args) > 1 {
		for _, f := range os.Args[1:] {
			b, e := os.ReadFile(f)
			if e != nil {
				fmt.Fprintln(os.Stderr, e)
				os.Exit(2)
			}
			data = append(data, []byte("\n---\n")...)
			data = append(data, b...)
		}
	} else if data, err = io.ReadAll(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	count, failed := 0, 0
	for _, doc := range split(data) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var meta metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil || meta.Kind == "" {
			fmt.Printf("INVALID document without kind: %v\n", err)
			failed++
			continue
		}
		obj, err := target(meta.APIVersion, meta.Kind)
		if err == nil {
			err = yaml.UnmarshalStrict(doc, obj)
		}
		name := ""
		var om struct{ Metadata metav1.ObjectMeta }
		_ = yaml.Unmarshal(doc, &om)
		name = om.Metadata.Name
		if err != nil {
			fmt.Printf("INVALID %s/%s: %v\n", meta.Kind, name, err)
			failed++
		} else if name == "" {
			fmt.Printf("INVALID %s without metadata.name\n", meta.Kind)
			failed++
		}
		count++
	}
	fmt.Printf("k8s-validate: %d documents, %d invalid\n", count, failed)
	if failed > 0 || count == 0 {
		os.Exit(1)
	}
}
